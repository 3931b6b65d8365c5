import { z } from 'zod';
import {
  DomainError,
  GovernanceRuleError,
  InvalidInputError,
  TemplateVersionNotInThisBuildError,
} from '../../../libs/errors/domain.errors';
import { eventWords, fieldWords } from '../../../libs/workflows/template-words.registry';
import {
  WRITTEN_BY_THE_TEMPLATE,
  type WorkflowTemplate,
} from '../../../libs/workflows/workflow.template';
import { refusalSentence } from '../http/refusal.presenter';
import { readDateField, type TypedDate } from './forms/date-field.service';
import { FormErrors } from './forms/form-errors.service';
import {
  isZodsOwnMessage,
  UNPLACED_ZOD_PROBLEM,
  zodProblemInWords,
} from './forms/schema-problem-words.service';

export type FieldKind =
  | 'text'
  | 'long'
  | 'date'
  | 'choice'
  | 'yesno'
  | 'lines'
  | 'money'
  | 'number'
  | 'holder'
  | 'condition';

export interface Option {
  value: string;
  text: string;
}

export interface EventField {
  name: string;
  /** The element a link in the error summary goes to. */
  id: string;
  label: string;
  /** The field in a sentence: "the date the plan was submitted". */
  words: string;
  hint?: string;
  kind: FieldKind;
  options: Option[];
  optional: boolean;
}

export interface EventForm {
  type: string;
  action: string;
  done: string;
  description: string;
  fields: EventField[];
  /** Asks for what no page form can (a meeting's record): recorded from the meeting page. */
  complex: boolean;
}

/** What the officer may choose from: offices and delegations for a role, a case's open conditions. */
export interface FormChoices {
  holders: Option[];
  conditions: Option[];
}

export type Typed = Record<string, string | TypedDate>;

type AnySchema = z.ZodType & {
  def: { type: string; element?: AnySchema };
  description?: string;
  unwrap?: () => AnySchema;
  options?: string[];
  shape?: Record<string, AnySchema>;
};

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function kindOf(schema: AnySchema, hinted?: string): FieldKind | 'complex' {
  if (hinted === 'money' || hinted === 'holder' || hinted === 'condition') return hinted;
  const type = schema.def.type;
  if (type === 'enum') return 'choice';
  if (type === 'boolean') return 'yesno';
  if (type === 'number') return 'number';
  if (type === 'array') return schema.def.element?.def.type === 'string' ? 'lines' : 'complex';
  if (type !== 'string') return 'complex';
  // A field that refuses ordinary words is a calendar date (templates' dates are zod strings).
  if (!schema.safeParse('Some words').success) return 'date';
  return hinted === 'long' ? 'long' : 'text';
}

/**
 * An event's form read off its zod payload schema, in the words the template keeps for it
 * (libs/workflows/<template>/<template>.words.ts): a new template's events get forms without page
 * code, and the server validates with the same schema when the form comes back.
 */
export function eventForm(
  template: WorkflowTemplate,
  type: string,
  choices: FormChoices = { holders: [], conditions: [] },
): EventForm {
  const spec = template.events[type];
  const words = eventWords(template, type);
  const shape = (spec.payload as AnySchema).shape ?? {};
  const fields: EventField[] = [];
  let complex = false;
  for (const [name, field] of Object.entries(shape)) {
    const fw = fieldWords(template, type, name);
    if (field.description === WRITTEN_BY_THE_TEMPLATE || fw.hidden) continue;
    let f = field;
    let optional = false;
    while (['optional', 'default', 'nullable'].includes(f.def.type)) {
      optional = true;
      f = f.unwrap!();
    }
    const kind = kindOf(f, fw.kind);
    if (kind === 'complex') {
      // An optional part no page asks for is left out; a required one makes the event the meeting page's.
      if (!optional) complex = true;
      continue;
    }
    const options: Option[] =
      kind === 'choice'
        ? (f.options ?? []).map((o) => ({ value: o, text: fw.options?.[o] ?? o }))
        : kind === 'yesno'
          ? [
              { value: 'yes', text: 'Yes' },
              { value: 'no', text: 'No' },
            ]
          : kind === 'holder'
            ? choices.holders
            : kind === 'condition'
              ? choices.conditions
              : [];
    fields.push({
      name,
      id: `${type}-${name}${kind === 'date' ? '-day' : ''}`,
      label: fw.label,
      words: fw.name ?? lowerFirst(fw.label),
      hint: fw.hint,
      kind,
      options,
      optional,
    });
  }
  return {
    type,
    action: words.action,
    done: words.done,
    description: spec.description,
    fields,
    complex,
  };
}

function text(body: Record<string, unknown>, key: string): string {
  return typeof body[key] === 'string' ? (body[key] as string).trim() : '';
}

/** "£1,500.50", "1500" or "1 500" as pounds; undefined when it is not a sum of money. */
export function poundsFrom(typed: string): number | undefined {
  const t = typed.replace(/^£/, '').replace(/[,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  return Number(t);
}

/**
 * The posted form as an event payload, with what was typed (to show again) and every error the
 * page can find at once, each against its field in people's words.
 */
export function readEventForm(
  form: EventForm,
  body: Record<string, unknown>,
): { payload: Record<string, unknown>; typed: Typed; errors: FormErrors } {
  const payload: Record<string, unknown> = {};
  const typed: Typed = {};
  const errors = new FormErrors();
  for (const f of form.fields) {
    const Words = f.words.charAt(0).toUpperCase() + f.words.slice(1);
    if (f.kind === 'date') {
      const d = readDateField(body, f.name, f.words);
      typed[f.name] = d.typed;
      // The page's date boxes carry the event type: `<type>-<name>-day` (f.id), -month, -year.
      errors.date(`${form.type}-${f.name}`, d, f.optional ? undefined : `Enter ${f.words}`);
      if (d.iso) payload[f.name] = d.iso;
      continue;
    }
    const raw = text(body, f.name);
    typed[f.name] = raw;
    if (raw === '') {
      if (!f.optional)
        errors.add(
          f.id,
          ['choice', 'yesno', 'holder', 'condition'].includes(f.kind)
            ? `Select ${f.words}`
            : `Enter ${f.words}`,
        );
      continue;
    }
    if (['choice', 'holder', 'condition'].includes(f.kind)) {
      if (!f.options.some((o) => o.value === raw)) errors.add(f.id, `Select ${f.words}`);
      else payload[f.name] = raw;
    } else if (f.kind === 'yesno') {
      if (raw !== 'yes' && raw !== 'no') errors.add(f.id, `Select ${f.words}`);
      else payload[f.name] = raw === 'yes';
    } else if (f.kind === 'money') {
      const pounds = poundsFrom(raw);
      if (pounds === undefined)
        errors.add(f.id, `${Words} must be an amount of money in pounds, like 1500 or 1,500.50`);
      else payload[f.name] = pounds;
    } else if (f.kind === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) errors.add(f.id, `${Words} must be a number`);
      else payload[f.name] = Number(raw);
    } else if (f.kind === 'lines') {
      payload[f.name] = raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    } else payload[f.name] = raw;
  }
  return { payload, typed, errors };
}

/** A template's refusal in people's words: its rule's code left off, a sentence. */
function sentence(message: string): string {
  const m = message.replace(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+: /, '').replace(/^give /, 'enter ');
  return m.charAt(0).toUpperCase() + m.slice(1);
}

/**
 * A schema's problem with a field in people's words: the template's own as a sentence, zod's own
 * ("Too big: expected array to have <=50 items") in the service's words naming the field; `rest`
 * the path below the field (a list's line). Both of this form's ways to a schema problem come here.
 */
function problemSentence(
  field: EventField | undefined,
  rest: readonly (string | number)[],
  message: string,
): string {
  if (!isZodsOwnMessage(message)) return sentence(message);
  return field ? zodProblemInWords(field, rest, message) : UNPLACED_ZOD_PROBLEM;
}

/**
 * The problems the template's schema (or the engine) found, added against their fields; anything
 * not about one field goes against the form as a whole. Returns false for errors that are not
 * domain refusals (the caller rethrows them).
 */
export function addRefusal(form: EventForm, error: unknown, errors: FormErrors): boolean {
  if (!(error instanceof DomainError)) return false;
  // Not the form's to fix: the service-being-updated page (problem.filter.ts), as on every page.
  if (error instanceof TemplateVersionNotInThisBuildError) return false;
  if (error instanceof GovernanceRuleError) return addRuleRefusal(form, error, errors);
  const problems = error instanceof InvalidInputError ? error.problems : [];
  const unplaced: string[] = [];
  for (const p of problems) {
    const [name, ...rest] = p.path.split('.');
    const field = form.fields.find((f) => f.name === name);
    if (field) errors.add(field.id, problemSentence(field, rest, p.message));
    else unplaced.push(problemSentence(undefined, rest, p.message));
  }
  if (!problems.length || unplaced.length)
    errors.add(
      `form-${form.type}`,
      unplaced.length ? [...new Set(unplaced)].join('. ') : error.detail,
    );
  return true;
}

/**
 * A governance rule's refusal (a date after today, or before the step it follows) against the
 * field it judged, in the words every page gives it (http/refusal.presenter.ts). A rule about no
 * field of this form stays against the form as a whole.
 */
function addRuleRefusal(form: EventForm, error: GovernanceRuleError, errors: FormErrors): true {
  const field = error.problems
    .map((p) => form.fields.find((f) => f.name === p.path.split('.')[0]))
    .find((f) => f !== undefined);
  errors.add(field ? field.id : `form-${form.type}`, refusalSentence(error));
  return true;
}

function keyOf(k: PropertyKey): string | number {
  return typeof k === 'number' ? k : String(k);
}

/** The schema's own problems with what the page could read, for fields the page found no fault with. */
export function schemaProblems(
  template: WorkflowTemplate,
  form: EventForm,
  payload: Record<string, unknown>,
  errors: FormErrors,
): void {
  // Templates that read the council's settings validate only inside the engine's context.
  if (template.usesCouncilSettings) return;
  let result: ReturnType<z.ZodType['safeParse']>;
  try {
    result = template.events[form.type].payload.safeParse(payload);
  } catch {
    return;
  }
  if (result.success) return;
  for (const issue of result.error.issues) {
    const field = form.fields.find((f) => f.name === String(issue.path[0]));
    if (field)
      errors.add(field.id, problemSentence(field, issue.path.slice(1).map(keyOf), issue.message));
  }
}
