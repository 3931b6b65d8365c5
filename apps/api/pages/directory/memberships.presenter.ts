import type { MembershipRecord } from '../../../../libs/directory/membership.repository';
import type { SubstituteRecord } from '../../../../libs/directory/membership-substitute.repository';
import { MEMBERSHIP_ROLES } from '../../../../libs/directory/use-cases/membership-rules.service';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { dateInputItems, typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { categoryInWords, ROLE_WORDS, termInWords } from './bodies-words.service';
import { DirectoryChoices } from './directory-choices.service';
import {
  substitutesRuleInWords,
  substitutesView,
  type SubstitutesTyped,
} from './substitutes.presenter';

/*
 * The two pages of a body's seats as their templates draw them: every seat with its term (and the
 * form to add one), and one seat with the forms to change or end its term and to name, change or
 * end its substitutes. The controllers of seats and of substitutes both show them again with what
 * was typed and the errors, so they are drawn in one place.
 */

/** What the seats page and a seat's page say after a change (`?done=`), substitutes' included. */
const SEAT_DONE: Record<string, string> = {
  seated: 'The seat is added.',
  changed: 'The seat’s term is changed.',
  ended: 'The seat’s term is ended.',
  named: 'The substitute is named for the seat.',
  'substitute-changed': 'The substitute’s naming is changed.',
  'substitute-ended': 'The substitute’s naming is ended.',
};

/** The words for `?done=`, or nothing for a word the pages do not know. */
export function seatDone(done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(SEAT_DONE, done) ? SEAT_DONE[done] : undefined;
}

/** What a seat form holds as typed: the person, constituency, role, vote and the two days. */
export interface SeatForm {
  personId: string;
  constituency: string;
  role: string;
  voting: string;
  /** The terms of reference or minute that appoints the seat. */
  source: string;
  from: TypedDate;
  until: TypedDate;
}

const blankDate = (): TypedDate => ({ day: '', month: '', year: '' });
export const blankSeatForm = (): SeatForm => ({
  personId: '',
  constituency: '',
  role: '',
  voting: '',
  source: '',
  from: blankDate(),
  until: blankDate(),
});

/**
 * What a seat's page shows beyond the seat: forms as typed (the substitutes' by the naming's id),
 * their errors, a success message.
 */
export interface SeatView extends SubstitutesTyped {
  seatForm?: SeatForm;
  endForm?: TypedDate;
  errors?: FormErrors;
  done?: string;
}

/** A person to choose for a seat or a substitute: named with their email address. */
export interface PersonToChoose {
  id: string;
  name: string;
  email: string;
}

/** What the seats page is drawn from. People are offered to administrators only (empty otherwise). */
export interface MembersPageInput {
  staff: SignedInStaff;
  body: BodyOnDayView;
  seats: { items: MembershipRecord[]; next: number | null };
  people: PersonToChoose[];
  view: { form?: SeatForm; errors?: FormErrors; done?: string };
}

/** directory/memberships.njk: the body's seats in words and the form to add one, as typed. */
export function membersPage({ staff, body, seats, people, view }: MembersPageInput) {
  const errors = view.errors ?? new FormErrors();
  const form = view.form ?? blankSeatForm();
  return {
    staff,
    canChange: staff.role === 'administrator',
    done: view.done,
    errors: errors.items,
    fieldErrors: errors.byField(),
    body: { id: body.id, name: body.name },
    seats: seats.items.map((s) => seatRow(body, s)),
    more: seats.next !== null,
    form,
    people: DirectoryChoices.items(
      people.map((p) => ({ id: p.id, text: `${p.name} (${p.email})` })),
      form.personId,
      'Choose a person',
    ),
    ...seatChoices(body, form),
    fromItems: dateInputItems('validFrom', form.from, Boolean(errors.for('validFrom-day'))),
    untilItems: dateInputItems('validUntil', form.until, Boolean(errors.for('validUntil-day'))),
  };
}

/** What a seat's page is drawn from. */
export interface SeatPageInput {
  staff: SignedInStaff;
  body: BodyOnDayView;
  seat: MembershipRecord;
  substitutes: { items: SubstituteRecord[] };
  people: PersonToChoose[];
  view: SeatView;
}

/**
 * directory/memberships-seat.njk: the seat in words, its forms (as typed, else as recorded), and
 * each named substitute with its term in words and its own forms.
 */
export function seatPage({ staff, body, seat, substitutes, people, view }: SeatPageInput) {
  const errors = view.errors ?? new FormErrors();
  const has = (id: string) => Boolean(errors.for(id));
  const seatForm = view.seatForm ?? {
    personId: seat.personId,
    constituency: seat.constituency ?? '',
    role: seat.role,
    voting: seat.voting ? 'yes' : 'no',
    source: seat.source ?? '',
    from: typedDateOf(seat.validFrom),
    until: typedDateOf(seat.validUntil),
  };
  const endForm = view.endForm ?? blankDate();
  return {
    staff,
    canChange: staff.role === 'administrator',
    done: view.done,
    errors: errors.items,
    fieldErrors: errors.byField(),
    body: { id: body.id, name: body.name, substitutesRule: substitutesRuleInWords(body.rules) },
    seat: {
      ...seatRow(body, seat),
      source: seat.source ?? 'Not named',
      version: seat.version,
    },
    seatForm,
    ...seatChoices(body, seatForm),
    seatFromItems: dateInputItems('seatFrom', seatForm.from, has('seatFrom-day')),
    seatUntilItems: dateInputItems('seatUntil', seatForm.until, has('seatUntil-day')),
    endItems: dateInputItems('seatEnd', endForm, has('seatEnd-day')),
    ...substitutesView({
      seatPersonId: seat.personId,
      substitutes: substitutes.items,
      people,
      typed: view,
      errors,
    }),
  };
}

function seatRow(body: BodyOnDayView, s: MembershipRecord) {
  return {
    id: s.id,
    name: s.personName,
    constituency:
      s.constituency && body.rules ? categoryInWords(body.rules, s.constituency) : 'None',
    role: ROLE_WORDS[s.role],
    voting: s.voting ? 'Yes' : 'No',
    term: termInWords(s.validFrom, s.validUntil),
  };
}

function seatChoices(body: BodyOnDayView, form: SeatForm) {
  return {
    constituencies: [
      { value: '', text: 'No constituency' },
      ...(body.rules?.constituencies ?? []).map((c) => ({
        value: c.key,
        text: c.name,
        selected: c.key === form.constituency,
      })),
    ],
    roles: MEMBERSHIP_ROLES.map((r) => ({
      value: r,
      text: ROLE_WORDS[r],
      checked: r === form.role,
    })),
    votingItems: [
      { value: 'yes', text: 'Votes', checked: form.voting === 'yes' },
      { value: 'no', text: 'Does not vote', checked: form.voting === 'no' },
    ],
  };
}
