import { z } from 'zod';
import { inWords } from '../../../libs/workflows/workflow-steps.service';
import { WRITTEN_BY_THE_TEMPLATE } from '../../../libs/workflows/workflow.template';

export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'date' | 'choice' | 'lines' | 'number';
  options: string[];
  optional: boolean;
}

type AnySchema = z.ZodType & {
  def: { type: string };
  description?: string;
  unwrap?: () => AnySchema;
  options?: string[];
  shape?: Record<string, AnySchema>;
};

/**
 * The form for an event, read off the event's zod payload schema: one field per property, so that
 * a new template's events get their forms without page code. The server validates with the same
 * schema when the form comes back.
 */
export function formFields(schema: z.ZodType): FormField[] {
  const shape = (schema as AnySchema).shape ?? {};
  return Object.entries(shape)
    .filter(([, field]) => field.description !== WRITTEN_BY_THE_TEMPLATE)
    .map(([name, field]) => {
      let f = field;
      let optional = false;
      while (f.def.type === 'optional' || f.def.type === 'default' || f.def.type === 'nullable') {
        optional = true;
        f = f.unwrap!();
      }
      const kind: FormField['kind'] =
        f.def.type === 'enum'
          ? 'choice'
          : f.def.type === 'array'
            ? 'lines'
            : f.def.type === 'number'
              ? 'number'
              : /(On|Date|Deadline|By)$/.test(name)
                ? 'date'
                : 'text';
      return {
        name,
        label: inWords(name),
        kind,
        options: f.def.type === 'enum' ? (f.options ?? []) : [],
        optional,
      };
    });
}

/** The submitted form as an event payload: empty optional fields left out, lines split, numbers read. */
export function payloadFrom(
  fields: FormField[],
  body: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = typeof body[f.name] === 'string' ? (body[f.name] as string).trim() : '';
    if (raw === '' && f.optional) continue;
    if (f.kind === 'lines') {
      out[f.name] = raw
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    } else if (f.kind === 'number') out[f.name] = Number(raw);
    else out[f.name] = raw;
  }
  return out;
}
