import type { TrailLink } from '../../../libs/audit/answer-evidence.service';
import type { Certificate } from '../../../libs/audit/certificate.service';
import { SEAT_NAMES, type Authority } from '../../../libs/governance/authority.service';
import { deadlineWords } from '../../../libs/workflows/template-emails';
import { dateLabel, eventWords, fieldWords } from '../../../libs/workflows/template-words.registry';
import { inWords } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { dayInWords, isCalendarDate, whenInWords } from './forms/words.service';

/** One line of a case's story: when, what happened, who (as what), and what they recorded. */
export interface TimelineEntry {
  at: string;
  when: string;
  what: string;
  who: string;
  /** What was recorded, label and value, in words. */
  recorded: { label: string; value: string }[];
  /** The evidence: audit record, link, IP address and browser (as the reader may see them). */
  evidence: string;
}

const NOT_RECORDED = new Set(['type', 'role', 'evidence', 'delegationCheck', 'verdicts']);

const DEADLINE_EVENTS = new Set(['DEADLINE_PASSED', 'REMINDER_DUE']);

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who or what a recorded id is, by name (an id the directory no longer has is not shown). */
const named = (names: ReadonlyMap<string, string>, v: string) =>
  ID.test(v) ? (names.get(v.toLowerCase()) ?? 'someone no longer in the directory') : v;

/**
 * The ids the steps of `trail` recorded (the people a template wrote down, such as the Cabinet
 * members agreeing), for their names to be read before the timeline is put in words.
 */
export function recordedIds(trail: TrailLink[]): string[] {
  const ids = new Set<string>();
  for (const link of trail)
    for (const value of Object.values((link.event ?? {}) as Record<string, unknown>))
      for (const v of Array.isArray(value) ? value : [value])
        if (typeof v === 'string' && ID.test(v)) ids.add(v.toLowerCase());
  return [...ids];
}

const NOT_KEY = 'not a key decision: ';

/**
 * A line a template recorded, as a reader says it: "not a key decision: not subject to call-in" is
 * a reason and its consequence ("not a key decision, so not subject to call-in"), as the decision
 * notice and the register say it (apps/api/cases/decision-notice.presenter.ts). The record keeps
 * the line as recorded.
 */
const asSaid = (line: string) =>
  line.startsWith(NOT_KEY) ? `not a key decision, so ${line.slice(NOT_KEY.length)}` : line;

/** Only the call-in line the template wrote is said again; what a person typed is shown as typed. */
const saidFor = (field: string) =>
  field === 'callInExplanation' ? asSaid : (line: string) => line;

function valueInWords(
  template: WorkflowTemplate,
  type: string,
  field: string,
  value: unknown,
  names: ReadonlyMap<string, string>,
): string | null {
  const words = fieldWords(template, type, field);
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number')
    return words.kind === 'money' ? `£${value.toLocaleString('en-GB')}` : String(value);
  if (isCalendarDate(value)) return dayInWords(value);
  // The worker's deadline events name the deadline by its key: the template's words for it.
  if (field === 'key' && DEADLINE_EVENTS.has(type) && typeof value === 'string')
    return deadlineWords(template, value);
  const said = saidFor(field);
  if (typeof value === 'string') return words.options?.[value] ?? said(named(names, value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return value.length ? value.map((v) => said(named(names, v))).join('; ') : null;
  return null;
}

function recordedValues(
  template: WorkflowTemplate,
  type: string,
  event: Record<string, unknown>,
  names: ReadonlyMap<string, string>,
) {
  const out: { label: string; value: string }[] = [];
  for (const [field, value] of Object.entries(event)) {
    // A field the template writes and its words hide (a forward plan's edition) is no one's answer.
    if (NOT_RECORDED.has(field) || fieldWords(template, type, field).hidden) continue;
    const shown = valueInWords(template, type, field, value, names);
    if (shown !== null) out.push({ label: fieldWords(template, type, field).label, value: shown });
  }
  return out;
}

function actingAs(authority: Authority | null | undefined, template: WorkflowTemplate): string {
  if (!authority) return '';
  switch (authority.kind) {
    case 'office':
      return ` as ${authority.officeTitle}`;
    case 'delegation':
      return ` as ${authority.officeTitle}, under the delegation from ${authority.delegatorBody}${authority.reference ? ` (${authority.reference})` : ''}`;
    case 'seat':
      return ` as ${SEAT_NAMES[authority.seat].toLowerCase()} of the ${authority.bodyName}${authority.inPlaceOf ? `, in the place of ${authority.inPlaceOf}, the chair` : ''}`;
    case 'member': {
      // A person the case named: as the template calls them (libs/workflows/template-role-words.ts).
      const named = template.roleWords?.[authority.role]?.member;
      if (named) return ` as ${named}`;
      return template.roles[authority.role] ? ` as ${template.roles[authority.role].label}` : '';
    }
    case 'officer':
      return template.roles[authority.role] ? ` as ${template.roles[authority.role].label}` : '';
    case 'system':
      return '';
  }
}

/** The case's opening in words: its title, dates and the roles it named. */
function openedValues(template: WorkflowTemplate, event: Record<string, unknown>) {
  const dates = (event.dates ?? {}) as Record<string, string>;
  return [
    ...(typeof event.title === 'string' ? [{ label: 'Title', value: event.title }] : []),
    ...Object.entries(dates).map(([k, v]) => ({
      label: dateLabel(template, k),
      value: dayInWords(v, v),
    })),
  ];
}

/** A step of the audit chain in words: the event as the template names it and what it recorded. */
function stepEntry(
  template: WorkflowTemplate,
  link: TrailLink,
  clientShown: boolean,
  names: ReadonlyMap<string, string>,
): TimelineEntry {
  const event = (link.event ?? {}) as Record<string, unknown> & {
    type: string;
    evidence?: { linkId?: string };
  };
  const actor = (link.actor ?? {}) as { kind?: string; name?: string; job?: string };
  const who =
    (actor.name ?? (actor.kind === 'system' ? 'Ratify, on schedule' : 'Ratify')) +
    actingAs(link.authority as Authority | null, template);
  const what =
    event.type === 'CASE_OPENED'
      ? 'The case was opened'
      : event.type === 'ROLE_HOLDER_CHANGED'
        ? 'A new holder took over the open requests'
        : eventWords(template, event.type).done;
  const recorded =
    event.type === 'CASE_OPENED'
      ? openedValues(template, event)
      : template.events[event.type]
        ? recordedValues(template, event.type, event, names)
        : [];
  const kept = link.personalEvidence;
  const client =
    !clientShown || kept?.state === 'withheld'
      ? 'IP address and browser withheld'
      : kept?.state === 'kept'
        ? `IP address ${kept.ip ?? 'unknown'}, ${kept.userAgent ?? 'no browser named'}`
        : kept?.state === 'erased'
          ? 'IP address and browser disposed of under the retention schedule'
          : 'IP address and browser missing';
  const evidence = event.evidence
    ? `Answered from an emailed link; ${client}; audit record ${link.seq}`
    : `Audit record ${link.seq}`;
  return { at: link.recordedAt, when: whenInWords(link.recordedAt), what, who, recorded, evidence };
}

const LINK_STATUS: Record<string, string> = {
  open: 'waiting for an answer',
  consumed: 'answered',
  voided: 'no longer valid',
};

/** A request's evidence ("as chiefExecutive; documents …; now open") with the role and status in words. */
function requestInWords(template: WorkflowTemplate, detail: string): string {
  return detail
    .replace(
      /^as (\w+);/,
      (_, role: string) => `as ${template.roles[role]?.label ?? inWords(role)};`,
    )
    .replace(/; now (\w+)$/, (_, status: string) => `; ${LINK_STATUS[status] ?? status}`);
}

const KIND_WORDS: Record<string, string> = {
  request: 'Request sent',
  view: 'Link opened',
  reminder: 'Reminder emailed',
  escalation: 'Overdue notice emailed',
  email: 'Email',
};

/**
 * The case's whole story, oldest first: its steps from the audit chain, in the template's words and
 * with what each recorded (the people and bodies it recorded by `names`, read for recordedIds),
 * and the requests, link views and emails from the certificate.
 */
export function caseTimeline(
  template: WorkflowTemplate,
  trail: TrailLink[],
  cert: Certificate,
  names: ReadonlyMap<string, string> = new Map(),
  clientShown: (personId: string | null) => boolean = () => true,
): TimelineEntry[] {
  const steps = trail.map((l) =>
    stepEntry(template, l, clientShown((l.actor as { personId?: string }).personId ?? null), names),
  );
  const others = cert.entries
    // A link's HEADs (mail scanners) are not part of the story: the certificate lists them apart.
    .filter((e) => e.kind !== 'step' && e.kind !== 'response' && e.kind !== 'check')
    .map((e) => ({
      at: e.at,
      when: whenInWords(e.at),
      what: `${KIND_WORDS[e.kind] ?? e.kind}: ${inWords(e.what.replace(/ \(link [0-9a-f]+\)$/, '').replace(/-/g, ' '))}`,
      who: e.who,
      recorded: [],
      evidence: e.kind === 'request' ? requestInWords(template, e.detail) : e.detail,
    }));
  return [...steps, ...others].sort((a, b) => a.at.localeCompare(b.at));
}
