import { dateInputItems, type TypedDate } from './forms/date-field.service';
import type { FormErrors } from './forms/form-errors.service';
import { actingRoleId } from './acting-role.service';
import type { EventField, EventForm, Option, Typed } from './event-form.service';

/** One GOV.UK component of a form: which macro, and its parameters. */
export interface Component {
  macro: 'input' | 'textarea' | 'radios' | 'dateInput' | 'select';
  params: Record<string, unknown>;
}

const BLANK_DATE: TypedDate = { day: '', month: '', year: '' };

function component(
  form: EventForm,
  f: EventField,
  typed: Typed,
  errors: FormErrors | undefined,
): Component {
  const id = `${form.type}-${f.name}`;
  const label = f.label + (f.optional && !f.hint?.startsWith('Optional') ? ' (optional)' : '');
  const errorMessage = errors?.for(f.id);
  const hint = f.hint ? { text: f.hint } : undefined;
  const value = typeof typed[f.name] === 'string' ? (typed[f.name] as string) : '';
  switch (f.kind) {
    case 'date': {
      const parts = dateInputItems(
        f.name,
        (typed[f.name] as TypedDate | undefined) ?? BLANK_DATE,
        !!errorMessage,
      ).map((p) => ({ ...p, id: `${form.type}-${p.id}` }));
      return {
        macro: 'dateInput',
        params: {
          id,
          fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
          hint: { text: `${f.hint ? `${f.hint}. ` : ''}For example, 17 12 2026` },
          errorMessage,
          items: parts,
        },
      };
    }
    case 'choice':
    case 'yesno':
      return {
        macro: 'radios',
        params: {
          name: f.name,
          idPrefix: id,
          classes: f.kind === 'yesno' ? 'govuk-radios--inline' : undefined,
          fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
          hint,
          errorMessage,
          items: f.options.map((o) => ({ ...o, checked: o.value === value })),
        },
      };
    case 'holder':
    case 'condition':
      return {
        macro: 'select',
        params: {
          id,
          name: f.name,
          label: { text: label },
          hint,
          errorMessage,
          items: [
            { value: '', text: 'Choose…' },
            ...f.options.map((o) => ({ ...o, selected: o.value === value })),
          ],
        },
      };
    case 'long':
    case 'lines':
      return {
        macro: 'textarea',
        params: {
          id,
          name: f.name,
          label: { text: label },
          hint: hint ?? (f.kind === 'lines' ? { text: 'One per line' } : undefined),
          errorMessage,
          value,
          rows: 4,
        },
      };
    case 'money':
      return {
        macro: 'input',
        params: {
          id,
          name: f.name,
          label: { text: label },
          hint,
          errorMessage,
          value,
          prefix: { text: '£' },
          classes: 'govuk-input--width-10',
          inputmode: 'decimal',
          spellcheck: false,
        },
      };
    case 'text':
    case 'number':
      return {
        macro: 'input',
        params: {
          id,
          name: f.name,
          label: { text: label },
          hint,
          errorMessage,
          value,
          classes: f.kind === 'number' ? 'govuk-input--width-5' : undefined,
          inputmode: f.kind === 'number' ? 'numeric' : undefined,
        },
      };
  }
}

/** "Which role are you acting in?" (acting-role.service.ts): each role by its label, the key the value. */
function actingRole(form: EventForm, roles: Option[], chosen: unknown, errors?: FormErrors) {
  return {
    macro: 'radios' as const,
    params: {
      name: 'as',
      idPrefix: actingRoleId(form.type),
      fieldset: {
        legend: { text: 'Which role are you acting in?', classes: 'govuk-fieldset__legend--s' },
      },
      errorMessage: errors?.for(actingRoleId(form.type)),
      items: roles.map((r) => ({ ...r, checked: r.value === chosen })),
    },
  };
}

/**
 * An event's form as the case page renders it: its fields as GOV.UK components, values kept; with
 * `roles`, first the question of which the person acts in, the roles offered carried back.
 */
export function presentEventForm(
  form: EventForm,
  typed: Typed = {},
  errors?: FormErrors,
  roles: Option[] = [],
) {
  const fields = form.fields.map((f) => component(form, f, typed, errors));
  return {
    type: form.type,
    action: form.action,
    description: form.description,
    components: roles.length ? [actingRole(form, roles, typed.as, errors), ...fields] : fields,
    asRoles: roles.map((r) => r.value).join(' '),
  };
}
