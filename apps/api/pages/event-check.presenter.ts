import { escapeHtml } from '../../../libs/core/escape-html';
import { actingRoleId } from './acting-role.service';
import type { EventForm, Option } from './event-form.service';
import { dayInWords } from './forms/words.service';

/** Fields the check page carries back unchanged; the rest of the form is what was typed. */
const NOT_CARRIED = new Set(['_csrf', 'checked', 'change']);

function answer(form: EventForm, name: string, payload: Record<string, unknown>): string {
  const f = form.fields.find((x) => x.name === name)!;
  const v = payload[name];
  if (v === undefined || v === null || v === '') return 'Not given';
  switch (f.kind) {
    case 'date':
      return dayInWords(String(v));
    case 'yesno':
      return v ? 'Yes' : 'No';
    case 'choice':
    case 'holder':
    case 'condition':
      return f.options.find((o) => o.value === v)?.text ?? String(v);
    case 'money':
      return `£${Number(v).toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(v) ? 0 : 2 })}`;
    case 'lines':
      return (v as string[]).length ? (v as string[]).join('\n') : 'Not given';
    case 'long':
    case 'number':
    case 'text':
      return String(v);
  }
}

/** A summary list's row: its answer as HTML, and where its Change takes the form back to. */
interface CheckRow {
  key: { text: string };
  value: { html: string };
  change?: { fragment: string; hidden: string };
}

/**
 * The role the person said they act in (acting-role.service.ts), by its label: its Change takes
 * the answers back to the case page's form at that question (a button posting the carried form,
 * as "Change your answers" does: a link could not carry what was typed).
 */
function actingRow(form: EventForm, acting?: { as?: string; roles: Option[] }): CheckRow[] {
  const role = acting?.roles.find((r) => r.value === acting.as);
  if (!role) return [];
  return [
    {
      key: { text: 'Acting as' },
      value: { html: escapeHtml(role.text) },
      change: { fragment: actingRoleId(form.type), hidden: 'the role you are acting in' },
    },
  ];
}

/**
 * The GOV.UK "check your answers" page before an irreversible step (a template's event words
 * with `checkFirst`): the role acted in, if asked, and each answer in words as a summary list,
 * and the form as posted carried in hidden fields, to record it or to take it back to the case
 * page to change.
 */
export function presentEventCheck(
  form: EventForm,
  payload: Record<string, unknown>,
  body: Record<string, unknown>,
  acting?: { as?: string; roles: Option[] },
) {
  const rows: CheckRow[] = [
    ...actingRow(form, acting),
    ...form.fields.map((f) => ({
      key: { text: f.label },
      // One line of a list per line of the answer, each escaped.
      value: {
        html: escapeHtml(answer(form, f.name, payload))
          .split('\n')
          .join('<br>'),
      },
    })),
  ];
  return {
    heading: form.action,
    button: `Confirm and ${form.action.charAt(0).toLowerCase()}${form.action.slice(1)}`,
    action: `events/${form.type}`,
    rows,
    anyChange: rows.some((r) => r.change),
    carried: Object.entries(body)
      .filter(([k, v]) => typeof v === 'string' && !NOT_CARRIED.has(k))
      .map(([name, value]) => ({ name, value: value as string })),
  };
}
