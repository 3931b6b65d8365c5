import { readDateField, type TypedDate } from '../forms/date-field.service';
import type { FieldWords, FormErrors } from '../forms/form-errors.service';
import { formText } from '../staff-pages.service';

/**
 * The part of a body's form that says when changed rules take effect and why (a GOV.UK date
 * input and a reason), read into the change-body use case's rulesInForceFrom and rulesReason (the
 * history of a body's rules in words is bodies.presenter.ts's).
 */

export interface RulesChangeForm {
  from: TypedDate;
  reason: string;
}

export const RULES_FROM = 'rulesFrom';

/** Where the use case's problems and refusals about the day and the reason show on the form. */
export const RULES_CHANGE_WORDS: FieldWords = {
  rulesInForceFrom: { id: `${RULES_FROM}-day`, message: () => 'Enter a real date, like 1 4 2027' },
  rulesReason: { id: 'rulesReason' },
};

/** The refusal of a day under a meeting already held, against the date input. */
export const RULES_CHANGE_REFUSALS = {
  RULES_CHANGE_BEFORE_A_HELD_MEETING: `${RULES_FROM}-day`,
};

export function blankRulesChange(): RulesChangeForm {
  return { from: { day: '', month: '', year: '' }, reason: '' };
}

/** What was typed (kept to show again), the use case's fields, and the date's own error. */
export function readRulesChange(
  body: Record<string, unknown>,
  errors: FormErrors,
): { form: RulesChangeForm; input: { rulesInForceFrom?: string; rulesReason?: string } } {
  const from = readDateField(body, RULES_FROM, 'the day the changed rules take effect');
  errors.date(RULES_FROM, from);
  const reason = formText(body, 'rulesReason').slice(0, 2000);
  return {
    form: { from: from.typed, reason },
    input: {
      ...(from.iso ? { rulesInForceFrom: from.iso } : {}),
      ...(reason ? { rulesReason: reason } : {}),
    },
  };
}
