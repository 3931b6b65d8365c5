import type { HoldingRecord } from '../../../../libs/directory/office.repository';
import type { OfficeView } from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import type { PickItem } from './directory-choices.service';
import { choices, dateInput } from './directory-pages.service';

/*
 * The form of an office's holding as directory/offices-holder-form.njk draws it: to appoint a
 * holder (the person chosen by name, substantive or acting, the days) or to correct or end a
 * holding (the person fixed), as typed when refused.
 */

/** What the holding form holds as typed. */
export interface HoldingForm {
  personId: string;
  kind: string;
  from: TypedDate;
  until: TypedDate;
  version: string;
}

export const blankHoldingForm = (): HoldingForm => ({
  personId: '',
  kind: 'substantive',
  from: { day: '', month: '', year: '' },
  until: { day: '', month: '', year: '' },
  version: '',
});

/** The form as the holding is recorded. */
export function holdingFormOf(h: HoldingRecord): HoldingForm {
  return {
    personId: h.personId,
    kind: h.kind,
    from: typedDateOf(h.from),
    until: typedDateOf(h.until),
    version: String(h.version),
  };
}

const KINDS = [
  { value: 'substantive', text: 'Substantive', hint: 'Appointed to the office.' },
  {
    value: 'acting',
    text: 'Acting',
    hint: 'Standing in while its holder is away; acts in the office meanwhile.',
  },
];

/**
 * The form to appoint a holder (`holding` null: people to choose from) or to correct or end one
 * (`holding` given: its person stays), with its errors against their fields and its two days.
 */
export function holdingFormPage(input: {
  staff: SignedInStaff;
  office: OfficeView;
  holding: HoldingRecord | null;
  form: HoldingForm;
  people: PickItem[];
  errors?: FormErrors;
}) {
  const { staff, office, holding, form } = input;
  const errors = input.errors ?? new FormErrors();
  const officeHref = `/directory/offices/${office.id}`;
  return {
    staff,
    office: { title: office.title, href: officeHref },
    holding: holding ? { personName: holding.personName } : null,
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    action: holding ? `${officeHref}/holders/${holding.id}/change` : `${officeHref}/appoint`,
    people: choices(
      [{ value: '', text: 'Choose a person' }, ...input.people],
      form.personId,
      'selected',
    ),
    kinds: choices(KINDS, form.kind),
    from: dateInput('from', 'First day they hold the office', form.from, errors),
    until: dateInput(
      'until',
      'Last day they hold the office (optional)',
      form.until,
      errors,
      holding
        ? 'To end the holding, enter its last day. For example, 31 3 2026'
        : 'Leave blank when there is no end yet. For example, 31 3 2027',
    ),
  };
}
