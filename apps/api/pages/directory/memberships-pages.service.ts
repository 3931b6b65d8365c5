import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import { ReadBodiesUseCase } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import { MEMBERSHIP_ROLES } from '../../../../libs/directory/use-cases/membership-rules.service';
import type { MembershipRecord } from '../../../../libs/directory/membership.repository';
import { DirectoryRecordNotFoundError } from '../../../../libs/directory/directory.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { dateInputItems, typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { PageRenderer } from '../page-renderer.service';
import type { ExpiredForm } from '../staff-page.guard';
import { staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { expiredErrors } from './directory-pages.service';
import { categoryInWords, ROLE_WORDS, termInWords } from './bodies-words.service';

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

/** What a substitute form holds as typed. */
export interface SubstituteForm {
  personId: string;
  from: TypedDate;
  until: TypedDate;
  reference: string;
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
export const blankSubstituteForm = (): SubstituteForm => ({
  personId: '',
  from: blankDate(),
  until: blankDate(),
  reference: '',
});

export const SEAT_DONE: Record<string, string> = {
  seated: 'The seat is added.',
  changed: 'The seat’s term is changed.',
  ended: 'The seat’s term is ended.',
  named: 'The substitute is named for the seat.',
  'substitute-changed': 'The substitute’s naming is changed.',
  'substitute-ended': 'The substitute’s naming is ended.',
};

/**
 * The two pages of a body's seats: every seat with its term (and the form to add one), and one
 * seat with the forms to change or end its term and to name, change or end its substitutes. The
 * controllers of seats and of substitutes both show them again with what was typed and the
 * errors, so they are drawn in one place.
 */
/** What a seat's page shows beyond the seat: forms as typed, their errors, a success message. */
export interface SeatView {
  seatForm?: SeatForm;
  endForm?: TypedDate;
  nameForm?: SubstituteForm;
  /** Typed changes of named substitutes, by the naming's id. */
  substituteForms?: Record<string, SubstituteForm>;
  substituteEnds?: Record<string, TypedDate>;
  errors?: FormErrors;
  done?: string;
}

@Injectable()
export class MembershipsPages {
  constructor(
    private readonly reads: ReadBodiesUseCase,
    private readonly choices: DirectoryChoices,
    private readonly pages: PageRenderer,
  ) {}

  /** The body with its rules, or the not-found page (another council's, or no such body). */
  async bodyOr404(res: Response, staff: SignedInStaff, id: string): Promise<BodyOnDayView | null> {
    try {
      return await this.reads.get(id, {}, staffActor(staff));
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return null;
    }
  }

  notFound(res: Response, staff: SignedInStaff): void {
    this.pages.html(res, 'not-found.njk', { staff }, 404);
  }

  /** The seat, on that body, or the not-found page. */
  async seatOr404(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    seatId: string,
  ): Promise<MembershipRecord | null> {
    try {
      const seat = await this.reads.membership(seatId, staffActor(staff));
      if (seat.bodyId === body.id) return seat;
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
    }
    this.pages.html(res, 'not-found.njk', { staff }, 404);
    return null;
  }

  /**
   * A seat form posted without the session's token: the body's seats, or the seat when the address
   * names one, with the form as typed (`view`) saying so; a body or seat not the council's, or a
   * seat `view` refuses (null), is the not-found page. Nothing is saved.
   */
  async expired(
    { res, staff, params }: ExpiredForm,
    view: (seat: MembershipRecord | null) => SeatView | null | Promise<SeatView | null>,
  ): Promise<void> {
    const body = await this.bodyOr404(res, staff, params.id ?? '');
    if (!body) return;
    if (!params.seatId) {
      const typed = await view(null);
      return this.members(
        res,
        staff,
        body,
        { form: typed?.seatForm, errors: expiredErrors() },
        403,
      );
    }
    const seat = await this.seatOr404(res, staff, body, params.seatId);
    if (!seat) return;
    const typed = await view(seat);
    if (!typed) return this.notFound(res, staff);
    await this.seat(res, staff, body, seat, { ...typed, errors: expiredErrors() }, 403);
  }

  async members(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    view: { form?: SeatForm; errors?: FormErrors; done?: string },
    status = 200,
  ) {
    const actor = staffActor(staff);
    const seats = await this.reads.memberships(body.id, { limit: 200 }, actor);
    const errors = view.errors ?? new FormErrors();
    const form = view.form ?? blankSeatForm();
    const people = staff.role === 'administrator' ? await this.choices.peopleOf(actor) : [];
    this.pages.html(
      res,
      'directory/memberships.njk',
      {
        staff,
        canChange: staff.role === 'administrator',
        done: view.done,
        errors: errors.items,
        fieldErrors: errors.byField(),
        body: { id: body.id, name: body.name },
        seats: seats.items.map((s) => this.seatRow(body, s)),
        more: seats.next !== null,
        form,
        people: DirectoryChoices.items(
          people.map((p) => ({ id: p.id, text: `${p.name} (${p.email})` })),
          form.personId,
          'Choose a person',
        ),
        ...this.seatChoices(body, form),
        fromItems: dateInputItems('validFrom', form.from, Boolean(errors.for('validFrom-day'))),
        untilItems: dateInputItems('validUntil', form.until, Boolean(errors.for('validUntil-day'))),
      },
      status,
    );
  }

  async seat(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    seat: MembershipRecord,
    view: SeatView,
    status = 200,
  ) {
    const actor = staffActor(staff);
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
    const nameForm = view.nameForm ?? blankSubstituteForm();
    const substitutes = await this.reads.substitutesOf(seat.id, { limit: 200 }, actor);
    const people = staff.role === 'administrator' ? await this.choices.peopleOf(actor) : [];
    this.pages.html(
      res,
      'directory/memberships-seat.njk',
      {
        staff,
        canChange: staff.role === 'administrator',
        done: view.done,
        errors: errors.items,
        fieldErrors: errors.byField(),
        body: { id: body.id, name: body.name, substitutesRule: body.rules?.substitutes ?? null },
        seat: {
          ...this.seatRow(body, seat),
          source: seat.source ?? 'Not named',
          version: seat.version,
        },
        seatForm,
        ...this.seatChoices(body, seatForm),
        seatFromItems: dateInputItems('seatFrom', seatForm.from, has('seatFrom-day')),
        seatUntilItems: dateInputItems('seatUntil', seatForm.until, has('seatUntil-day')),
        endItems: dateInputItems('seatEnd', endForm, has('seatEnd-day')),
        nameForm,
        people: DirectoryChoices.items(
          people
            .filter((p) => p.id !== seat.personId)
            .map((p) => ({ id: p.id, text: `${p.name} (${p.email})` })),
          nameForm.personId,
          'Choose a person',
        ),
        subFromItems: dateInputItems('subFrom', nameForm.from, has('subFrom-day')),
        subUntilItems: dateInputItems('subUntil', nameForm.until, has('subUntil-day')),
        substitutes: substitutes.items.map((s) => {
          const typed = view.substituteForms?.[s.id] ?? {
            personId: s.personId,
            from: typedDateOf(s.validFrom),
            until: typedDateOf(s.validUntil),
            reference: s.reference,
          };
          const p = `sub-${s.id}`;
          return {
            id: s.id,
            version: s.version,
            name: s.personName,
            term: termInWords(s.validFrom, s.validUntil),
            reference: s.reference,
            typedReference: typed.reference,
            fromItems: dateInputItems(`${p}-from`, typed.from, has(`${p}-from-day`)),
            untilItems: dateInputItems(`${p}-until`, typed.until, has(`${p}-until-day`)),
            endItems: dateInputItems(
              `${p}-end`,
              view.substituteEnds?.[s.id] ?? blankDate(),
              has(`${p}-end-day`),
            ),
          };
        }),
      },
      status,
    );
  }

  private seatRow(body: BodyOnDayView, s: MembershipRecord) {
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

  private seatChoices(body: BodyOnDayView, form: SeatForm) {
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
}
