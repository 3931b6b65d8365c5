import type { BodyRecord } from '../../../../libs/directory/body.repository';
import type { BodyRulesEntry } from '../../../../libs/directory/body-rules.repository';
import { BODY_KINDS } from '../../../../libs/directory/use-cases/body-record-rules.service';
import { ELECTED_CATEGORY, STATUTORY_NOTICES } from '../../../../libs/governance/body-rules.schema';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { dateInputItems, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { dayInWords, whenInWords } from '../forms/words.service';
import { blankConstituency, blankMinimum, padded, type BodyForm } from './bodies-form.service';
import {
  BODY_KIND_WORDS,
  categoryInWords,
  keyInWords,
  ROLE_WORDS,
  rulesInWords,
  termInWords,
} from './bodies-words.service';
import {
  blankRulesChange,
  RULES_FROM,
  type RulesChangeForm,
} from './body-rules-change-form.service';
import { DirectoryChoices } from './directory-choices.service';

/*
 * The bodies pages as their templates draw them: the bodies by kind and name; a body with its
 * rules in words (each with its source), the history of its rules and its members on a day; and
 * the form that adds or changes a body and its rules, as typed.
 */

const DONE: Record<string, string> = {
  created: 'The body is added with its rules.',
  changed: 'The body’s rules are saved.',
};

type Organisation = { id: string; name: string };

function kindItems(chosen: string, prompt: string) {
  return [
    { value: '', text: prompt },
    ...BODY_KINDS.map((k) => ({ value: k, text: BODY_KIND_WORDS[k], selected: k === chosen })),
  ];
}

/** directory/bodies.njk: the bodies matching the kind and name, with whether they have rules. */
export function bodiesPage(input: {
  staff: SignedInStaff;
  kind: string;
  q: string;
  page: { items: BodyRecord[]; next: number | null };
}) {
  const { staff } = input;
  return {
    staff,
    canChange: staff.role === 'administrator',
    q: input.q,
    kinds: kindItems(input.kind, 'Any kind'),
    bodies: input.page.items.map((b) => ({
      id: b.id,
      name: b.name,
      kind: BODY_KIND_WORDS[b.kind],
      hasRules: b.rules !== null,
    })),
    more: input.page.next !== null,
  };
}

/**
 * Each change of a body's rules in words: from when, who recorded it and when (London's clock),
 * and why; the one in force on `on` marked.
 */
export function rulesHistoryInWords(history: BodyRulesEntry[], on: string) {
  const current = [...history].reverse().find((h) => h.inForceFrom === null || h.inForceFrom <= on);
  return history.map((h) => ({
    from: h.inForceFrom ? `From ${dayInWords(h.inForceFrom)}` : 'From when the body was set up',
    recorded: `Recorded ${whenInWords(h.recordedAt)} by ${
      h.recordedBy.kind === 'person' ? h.recordedBy.name : 'Ratify, for the council'
    }`,
    reason: h.reason,
    inForce: h === current,
  }));
}

/**
 * directory/body.njk: the body's rules in force on the day in words (the organisations its seats
 * represent by name), the history of its rules, and its seats on that day with their substitutes.
 */
export function bodyPage(input: {
  staff: SignedInStaff;
  body: BodyOnDayView;
  organisations: Organisation[];
  /** The day asked for, as typed. */
  day: TypedDate;
  errors: FormErrors;
  done?: unknown;
}) {
  const { staff, body, errors, done } = input;
  const orgName = (id: string | null) => input.organisations.find((o) => o.id === id)?.name ?? null;
  const onError = errors.for('on-day');
  return {
    staff,
    canChange: staff.role === 'administrator',
    done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    errors: errors.items,
    body: { id: body.id, name: body.name, kind: BODY_KIND_WORDS[body.kind] },
    rules: body.rules ? rulesInWords(body.rules, orgName) : null,
    rulesHistory: rulesHistoryInWords(body.rulesHistory, body.on),
    on: dayInWords(body.on),
    onItems: dateInputItems('on', input.day, Boolean(onError)),
    onError,
    members: body.members.map((m) => ({
      id: m.id,
      name: m.personName,
      constituency:
        m.constituency && body.rules ? categoryInWords(body.rules, m.constituency) : 'None',
      role: ROLE_WORDS[m.role],
      voting: m.voting ? 'Yes' : 'No',
      term: termInWords(m.validFrom, m.validUntil),
      substitutes: m.substitutes.map(
        (s) => `${s.personName} (${termInWords(s.validFrom, s.validUntil)})`,
      ),
    })),
  };
}

/** The form filled in from a body on record, or a new body's form with the statutory notice. */
export function formOfBody(
  body: Pick<BodyRecord, 'name' | 'kind' | 'rules' | 'version'> | null,
): BodyForm {
  const r = body?.rules ?? null;
  const whoOf = (category: string) =>
    r?.constituencies.find((c) => c.key === category)?.name ?? keyInWords(category);
  const elected = r?.quorum.minimums.find((m) => m.category === ELECTED_CATEGORY);
  const blocs = r?.decision.kind === 'consensus' ? r.decision.blocs : [];
  return {
    name: body?.name ?? '',
    kind: body?.kind ?? '',
    version: body ? String(body.version) : '',
    constituencies: padded(
      (r?.constituencies ?? []).map((c) => ({
        key: c.key,
        name: c.name,
        organisationId: c.organisationId ?? '',
        groups: c.categories.map(keyInWords).join(', '),
        bloc: blocs.includes(c.key),
      })),
      blankConstituency,
      2,
      3,
    ),
    quorumTotal: r ? String(r.quorum.total) : '',
    quorumElected: elected ? String(elected.min) : '',
    minimums: padded(
      (r?.quorum.minimums ?? [])
        .filter((m) => m.category !== ELECTED_CATEGORY)
        .map((m) => ({ count: String(m.min), who: whoOf(m.category) })),
      blankMinimum,
      2,
      3,
    ),
    quorumSource: r?.quorum.source ?? '',
    decisionKind: r?.decision.kind ?? '',
    decisionSource: r?.decision.source ?? '',
    reportClearDays: String(r?.notices.reportClearDays ?? STATUTORY_NOTICES.reportClearDays),
    keyDecisionNoticeClearDays: String(
      r?.notices.keyDecisionNoticeClearDays ?? STATUTORY_NOTICES.keyDecisionNoticeClearDays,
    ),
    privateNoticeClearDays: String(
      r?.notices.privateNoticeClearDays ?? STATUTORY_NOTICES.privateNoticeClearDays,
    ),
    noticesSource:
      r?.notices.source ??
      'The Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012',
    substitutesKind: r?.substitutes.kind ?? 'named',
    substitutesSource: r?.substitutes.source ?? '',
    delegationAllowed: r ? (r.delegation.allowed ? 'yes' : 'no') : '',
    delegationSource: r?.delegation.source ?? '',
  };
}

/**
 * directory/bodies-form.njk: a new body's form or a body's, as typed (or as recorded), with the
 * day changed rules take effect and why, the kinds, and for each constituency the organisations
 * its seats may represent.
 */
export function bodyFormPage(input: {
  staff: SignedInStaff;
  body: Pick<BodyRecord, 'id' | 'name'> | null;
  form: BodyForm;
  errors: FormErrors;
  organisations: Organisation[];
  rulesChange?: RulesChangeForm;
}) {
  const { body, form, errors } = input;
  const rulesChange = input.rulesChange ?? blankRulesChange();
  const organisations = input.organisations.map((o) => ({ id: o.id, text: o.name }));
  return {
    staff: input.staff,
    body: body ? { id: body.id, name: body.name } : null,
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    rulesReason: rulesChange.reason,
    rulesFromItems: dateInputItems(
      RULES_FROM,
      rulesChange.from,
      Boolean(errors.for(`${RULES_FROM}-day`)),
    ),
    kinds: kindItems(form.kind, 'Choose a kind'),
    /** Each constituency row's organisations, its own chosen. */
    organisationItems: form.constituencies.map((c) =>
      DirectoryChoices.items(organisations, c.organisationId, 'No organisation'),
    ),
  };
}
