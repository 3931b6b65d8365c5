import type { TrailLink } from '../../../libs/audit/answer-evidence.service';
import type { Certificate } from '../../../libs/audit/certificate.service';
import { COMMON_FIELDS } from '../../../libs/workflows/template-words';
import { registeredWords } from '../../../libs/workflows/template-words.registry';
import { listTemplates } from '../../../libs/workflows/template.registry';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { caseTimeline } from './case-timeline.presenter';

/*
 * A certificate (and the case page's timeline) labels what each step recorded, including what the
 * template wrote itself (a delegation check, a key decision check, a call-in explanation), in
 * the template's words (libs/workflows/<template>/<template>.words.ts): never a field's key, nor
 * the key spelt out ("Call in explanation") for want of words.
 */

type Schema = {
  shape?: Record<string, Schema>;
  def: { type: string; in?: Schema; innerType?: Schema; element?: Schema };
};

/** The top-level fields of an event's payload schema (through a transform or a pipe). */
function shapeOf(schema: Schema | undefined): Record<string, Schema> {
  if (!schema) return {};
  return schema.shape ?? shapeOf(schema.def.in);
}

/** A value of the field's type as a step would record it; undefined for what no label shows. */
function sample(schema: Schema): unknown {
  const type = schema.def.type;
  if (['optional', 'nullable', 'default', 'pipe'].includes(type))
    return sample((schema.def.innerType ?? schema.def.in)!);
  if (type === 'string' || type === 'enum') return 'Some words';
  if (type === 'number') return 2;
  if (type === 'boolean') return true;
  if (type === 'array' && schema.def.element?.def.type === 'string') return ['Some words'];
  return undefined;
}

const step = (event: Record<string, unknown>): TrailLink => ({
  id: '1',
  prevHash: '',
  hash: '',
  tenantId: 't',
  caseId: 'c',
  seq: 1,
  recordedAt: '2025-09-08T10:00:00Z',
  actor: { kind: 'person', name: 'Dana Whitlock' },
  authority: null,
  event,
  fromState: null,
  toState: 'somewhere',
});

const NO_CERTIFICATE = { entries: [] } as unknown as Certificate;

/** Each label the certificate gives a field a step of `t` records, and whether its words name it. */
function labels(t: WorkflowTemplate) {
  const words = registeredWords()[`${t.id}@${t.version}`] ?? registeredWords()[t.id];
  const out: { field: string; label: string; worded: boolean }[] = [];
  for (const key of Object.keys(t.dateFields ?? {})) {
    const [opened] = caseTimeline(
      t,
      [step({ type: 'CASE_OPENED', dates: { [key]: '2025-09-08' } })],
      NO_CERTIFICATE,
    );
    for (const r of opened.recorded)
      out.push({ field: `dates.${key}`, label: r.label, worded: !!words.dates?.[key] });
  }
  for (const [type, spec] of Object.entries(t.events))
    for (const [field, schema] of Object.entries(shapeOf(spec.payload as unknown as Schema))) {
      const value = sample(schema);
      if (value === undefined) continue;
      const [entry] = caseTimeline(t, [step({ type, [field]: value })], NO_CERTIFICATE);
      for (const r of entry.recorded)
        out.push({
          field: `${type}.${field}`,
          label: r.label,
          worded: !!(words.events[type]?.fields?.[field] ?? COMMON_FIELDS[field]),
        });
    }
  return out;
}

describe('a certificate labels what each step recorded in words', () => {
  // Every version: a case on a version no longer current still has its certificate read.
  it.each(listTemplates().map((t) => [`${t.id} v${t.version}`, t] as const))(
    '%s: every label in the template’s words, none a field’s key',
    (_, t) => {
      const all = labels(t);
      expect(all.length).toBeGreaterThan(0);
      const byKey = all.filter((l) => !l.worded || /[a-z][A-Z]|_/.test(l.label));
      expect(byKey.map((l) => `${l.field}: "${l.label}"`)).toEqual([]);
    },
  );
});
