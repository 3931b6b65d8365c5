import type { SubstituteRecord } from '../../../../libs/directory/membership-substitute.repository';
import type { BodyRules } from '../../../../libs/governance/body-rules.schema';
import { dateInputItems, typedDateOf, type TypedDate } from '../forms/date-field.service';
import type { FormErrors } from '../forms/form-errors.service';
import { termInWords } from './bodies-words.service';
import { DirectoryChoices } from './directory-choices.service';

/*
 * The substitution scheme of a seat as its page (directory/memberships-seat.njk) draws it: the
 * body's rule on substitutes in words, each named substitute with the days they may sit in words
 * and the forms to change or end the naming (as typed, else as recorded), and the form to name
 * one, offering anyone but the seat's member. memberships.presenter.ts puts it on the seat's page.
 */

/** What a substitute form holds as typed. */
export interface SubstituteForm {
  personId: string;
  from: TypedDate;
  until: TypedDate;
  reference: string;
}

const blankDate = (): TypedDate => ({ day: '', month: '', year: '' });

export const blankSubstituteForm = (): SubstituteForm => ({
  personId: '',
  from: blankDate(),
  until: blankDate(),
  reference: '',
});

/** What the substitutes' part of a seat's page holds as typed: by the naming's id. */
export interface SubstitutesTyped {
  nameForm?: SubstituteForm;
  substituteForms?: Record<string, SubstituteForm>;
  substituteEnds?: Record<string, TypedDate>;
}

/** A person who may be named: named with their email address. */
export interface PersonToName {
  id: string;
  name: string;
  email: string;
}

/** The body's rule on who may sit in a member's place, in words, with its source; null if none. */
export function substitutesRuleInWords(rules: Pick<BodyRules, 'substitutes'> | null) {
  const rule = rules?.substitutes;
  if (!rule) return null;
  return {
    text:
      rule.kind === 'named'
        ? 'Under the body’s rules only the substitutes named here may sit in this member’s place'
        : 'Under the body’s rules any person of the seat’s organisation who holds no seat may deputise; names here are kept for the record',
    source: rule.source,
  };
}

/**
 * The substitutes named for a seat in words, and the forms to name one (never the seat's own
 * member) and to change or end each naming; `errors` marks the date inputs refused.
 */
export function substitutesView(input: {
  seatPersonId: string;
  substitutes: SubstituteRecord[];
  people: PersonToName[];
  typed: SubstitutesTyped;
  errors: FormErrors;
}) {
  const { typed, errors } = input;
  const has = (id: string) => Boolean(errors.for(id));
  const nameForm = typed.nameForm ?? blankSubstituteForm();
  return {
    nameForm,
    people: DirectoryChoices.items(
      input.people
        .filter((p) => p.id !== input.seatPersonId)
        .map((p) => ({ id: p.id, text: `${p.name} (${p.email})` })),
      nameForm.personId,
      'Choose a person',
    ),
    subFromItems: dateInputItems('subFrom', nameForm.from, has('subFrom-day')),
    subUntilItems: dateInputItems('subUntil', nameForm.until, has('subUntil-day')),
    substitutes: input.substitutes.map((s) => {
      const form = typed.substituteForms?.[s.id] ?? {
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
        typedReference: form.reference,
        fromItems: dateInputItems(`${p}-from`, form.from, has(`${p}-from-day`)),
        untilItems: dateInputItems(`${p}-until`, form.until, has(`${p}-until-day`)),
        endItems: dateInputItems(
          `${p}-end`,
          typed.substituteEnds?.[s.id] ?? blankDate(),
          has(`${p}-end-day`),
        ),
      };
    }),
  };
}
