import type { BodyKind } from '../../../../libs/directory/body.entity';
import type { OrganisationKind } from '../../../../libs/directory/organisation.entity';
import type {
  DirectoryChainFinding,
  StoredDirectoryChange,
} from '../../../../libs/directory/directory-change-chain.service';
import type { DirectoryChangesPage } from '../../../../libs/directory/use-cases/read-directory-changes.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import type { DateFieldResult } from '../forms/date-field.service';
import type { FormErrors } from '../forms/form-errors.service';
import { listHref } from '../forms/list-paging.service';
import { dayInWords, whenInWords } from '../forms/words.service';
import { choices, dateInput } from './directory-pages.service';
import { BODY_KIND_WORDS, keyInWords } from './bodies-words.service';
import { KIND_WORDS } from './organisations.presenter';

/** The kinds of record the directory's changes are about, in words, for the filter and titles. */
export const SUBJECT_WORDS: Record<string, string> = {
  organisation: 'Organisation',
  person: 'Person',
  office: 'Office',
  officeHolder: 'Office holder',
  body: 'Body',
  membership: 'Membership',
  substitute: 'Named substitute',
  delegation: 'Delegation',
  apiKey: 'API key',
  tenant: 'Council',
  councilSettings: 'Council settings',
  signInProvider: 'Sign-in through an organisation',
  signInPasswords: 'Sign-in with a password',
};

const ACTION_WORDS: Record<string, string> = {
  created: 'added',
  changed: 'changed',
  ended: 'ended',
  left: 'marked as left',
  appointed: 'appointed',
  revoked: 'revoked',
  granted: 'granted',
  amended: 'amended',
};

/** Fields in words; a field not listed reads as its name split into words. */
const FIELD_WORDS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  activeFrom: 'First day as a partner',
  activeUntil: 'Last day as a partner',
  email: 'Email address',
  organisationId: 'Organisation',
  isElectedMember: 'Elected member',
  isOfficer: 'Democratic services officer',
  leftOn: 'Left on',
  title: 'Title',
  personId: 'Person',
  personName: 'Person',
  officeId: 'Office',
  officeTitle: 'Office',
  from: 'From',
  until: 'Until',
  createdAt: 'Created',
  lastUsedAt: 'Last used',
  expiresAt: 'Works until',
  revokedAt: 'Revoked',
  status: 'Status',
  bodyId: 'Body',
  organisationName: 'Organisation',
  clientId: 'Client ID',
  verifiedEmailClaim: 'Verified email claim',
  enabled: 'Staff may sign in through it',
  localPasswords: 'Who may sign in with a password',
  rulesInForceFrom: 'Rules in force from',
  rulesReason: 'Why the rules changed',
  blocs: 'Partners who must each agree',
};

/** Parts of a record that are its machinery, not its content. */
const HIDDEN = new Set(['id', 'version', 'tenantId', 'keyHash', 'handedOver']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function fieldWords(path: string): string {
  const last = path.split('.').pop() ?? path;
  const words =
    FIELD_WORDS[last] ??
    last
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const parents = path.split('.').slice(0, -1);
  return parents.length
    ? `${parents.map((p) => fieldWords(p)).join(', ')}: ${label.toLowerCase()}`
    : label;
}

/** A kind ("jcb", "consensus", "named") in words: the body's or organisation's, else the key as a word. */
function kindWords(subject: string, v: string): string {
  if (subject === 'body' && Object.hasOwn(BODY_KIND_WORDS, v))
    return BODY_KIND_WORDS[v as BodyKind];
  if (Object.hasOwn(KIND_WORDS, v)) return KIND_WORDS[v as OrganisationKind];
  const words = keyInWords(v);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One item of a list of records (a body's constituencies, its quorum's minimums) in words: what
 * it names, with the organisation it points to by name; never as JSON or an id.
 */
function itemWords(x: Record<string, unknown>, names: Record<string, string>, subject: string) {
  if (typeof x.min === 'number' && typeof x.label === 'string')
    return `at least ${x.min} ${x.label}`;
  const rest = Object.entries(x).filter(([k]) => !HIDDEN.has(k) && k !== 'key' && k !== 'name');
  const details = rest
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0) && v !== null && v !== undefined)
    .map(([k, v]) =>
      k === 'organisationId'
        ? valueWords(k, v, names, subject)
        : `${fieldWords(k).toLowerCase()} ${valueWords(k, v, names, subject)}`,
    );
  const name = typeof x.name === 'string' ? x.name : '';
  if (!name) return details.join('; ') || 'None';
  return details.length ? `${name} (${details.join('; ')})` : name;
}

/** A value as people read it: names for ids, dates in words, yes or no. Never an id. */
function valueWords(
  key: string,
  v: unknown,
  names: Record<string, string>,
  subject: string,
): string {
  if (v === null || v === undefined || v === '') return 'None';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (UUID.test(v)) return names[v] ?? 'A record no longer in the directory';
    if (DAY.test(v)) return dayInWords(v);
    if (INSTANT.test(v)) return whenInWords(v);
    if (key === 'kind') return kindWords(subject, v);
    return v;
  }
  if (Array.isArray(v))
    return v.length === 0
      ? 'None'
      : v
          .map((x) =>
            x && typeof x === 'object'
              ? itemWords(x as Record<string, unknown>, names, subject)
              : valueWords(key, x, names, subject),
          )
          .join(', ');
  return itemWords(v as Record<string, unknown>, names, subject);
}

/**
 * A consensus body's blocs (constituency keys, "council", "ccg") by the names the same record's
 * rules give their constituencies, with the organisation each represents as the directory names it:
 * "Council members (Southampton City Council) and Health members (NHS Southampton City CCG)".
 */
function blocsWords(blocs: unknown, record: unknown, names: Record<string, string>): string {
  if (!Array.isArray(blocs) || blocs.length === 0) return 'None';
  const rules = (record as { rules?: { constituencies?: unknown } } | null)?.rules;
  const constituencies = Array.isArray(rules?.constituencies)
    ? (rules.constituencies as { key?: unknown; name?: unknown; organisationId?: unknown }[])
    : [];
  const words = blocs.map((b) => {
    const c = constituencies.find((x) => x.key === b);
    if (!c || typeof c.name !== 'string') return keyInWords(String(b));
    const org = typeof c.organisationId === 'string' ? names[c.organisationId] : undefined;
    return org ? `${c.name} (${org})` : c.name;
  });
  return words.length === 1
    ? words[0]
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A record's fields, flattened a few levels deep, as dotted paths. */
function fieldsOf(record: unknown, prefix = '', depth = 0): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!record || typeof record !== 'object' || Array.isArray(record)) return out;
  const r = record as Record<string, unknown>;
  for (const [k, v] of Object.entries(r)) {
    if (HIDDEN.has(k)) continue;
    // An id with its name beside it (personId and personName): the name says it.
    if (k.endsWith('Id') && (`${k.slice(0, -2)}Name` in r || `${k.slice(0, -2)}Title` in r))
      continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3)
      for (const [p, x] of fieldsOf(v, path, depth + 1)) out.set(p, x);
    else out.set(path, v);
  }
  return out;
}

export interface ChangeInWords {
  seq: number;
  title: string;
  who: string;
  when: string;
  differences: { field: string; before: string; after: string }[];
  created: boolean;
}

/** A change of the record in words: what, who, when, and each field that differs before and after. */
export function changeInWords(
  c: StoredDirectoryChange,
  names: Record<string, string>,
): ChangeInWords {
  const subject = SUBJECT_WORDS[c.subject] ?? fieldWords(c.subject);
  const action = ACTION_WORDS[c.action] ?? c.action;
  const after = (c.after ?? c.before ?? {}) as Record<string, unknown>;
  const named =
    c.subject === 'officeHolder'
      ? [after.personName, after.officeTitle].filter((x) => typeof x === 'string').join(', ')
      : typeof after.name === 'string'
        ? after.name
        : typeof after.title === 'string'
          ? after.title
          : (names[c.subjectId] ?? '');
  const actor = c.actor as { kind?: string; name?: string; tool?: string };
  const before = fieldsOf(c.before);
  const afterFields = fieldsOf(c.after);
  const differences: ChangeInWords['differences'] = [];
  for (const path of new Set([...before.keys(), ...afterFields.keys()])) {
    const key = path.split('.').pop() ?? path;
    const b = JSON.stringify(before.get(path) ?? null);
    const a = JSON.stringify(afterFields.get(path) ?? null);
    if (c.before !== null && b === a) continue;
    const words = (value: unknown, record: unknown) =>
      key === 'blocs' ? blocsWords(value, record, names) : valueWords(key, value, names, c.subject);
    differences.push({
      field: fieldWords(path),
      before: c.before === null ? '' : words(before.get(path), c.before),
      after: c.after === null ? '' : words(afterFields.get(path), c.after),
    });
  }
  return {
    seq: c.seq,
    title: `${subject} ${action}${named ? `: ${named}` : ''}`,
    who:
      actor.kind === 'person' && actor.name
        ? actor.name
        : `The ${actor.tool ?? 'set-up'} tool, for the council`,
    when: whenInWords(c.recordedAt),
    differences,
    created: c.before === null,
  };
}

/** The filters as the page keeps them in its links: the kind, person and record chosen, the days as typed. */
export interface ChangesFilters {
  kind: string;
  person: string;
  record: string;
  'from-day': string;
  'from-month': string;
  'from-year': string;
  'to-day': string;
  'to-month': string;
  'to-year': string;
}

/** What the changes page is drawn from: the filters as read, the page of changes, who changed, the chain's verdict. */
export interface ChangesPageInput {
  staff: SignedInStaff;
  errors: FormErrors;
  filters: ChangesFilters;
  from: DateFieldResult;
  to: DateFieldResult;
  /** The `before` the page was asked for; blank on the newest page. */
  before: string;
  /** Null when the filters were refused. */
  page: DirectoryChangesPage | null;
  changers: { personId: string; name: string }[];
  verdict: DirectoryChainFinding;
}

/**
 * The directory's record of changes as directory/changes.njk draws it: the filters with what was
 * chosen or typed, each change in words, links to the newest and older pages (the filters kept),
 * and whether the chain verifies (a count, or what broke it).
 */
export function changesPage(input: ChangesPageInput) {
  const { filters, from, to, errors, page, before, verdict } = input;
  return {
    staff: input.staff,
    errors: errors.items,
    kinds: choices(
      [
        { value: '', text: 'Any kind of record' },
        ...Object.entries(SUBJECT_WORDS).map(([value, text]) => ({ value, text })),
      ],
      filters.kind,
      'selected',
    ),
    people: choices(
      [
        { value: '', text: 'Anyone' },
        ...input.changers.map((c) => ({ value: c.personId, text: c.name })),
      ],
      filters.person,
      'selected',
    ),
    from: dateInput('from', 'From (optional)', from.typed, errors, 'For example, 1 3 2026'),
    to: dateInput('to', 'To (optional)', to.typed, errors, 'For example, 31 3 2026'),
    changes: page ? page.items.map((c) => changeInWords(c, page.names)) : [],
    filtered: !!(filters.kind || filters.person || filters.record || from.iso || to.iso),
    record: filters.record,
    paging: {
      previous: before
        ? { href: listHref('/directory/changes', { ...filters }), text: 'Newest' }
        : undefined,
      next:
        page && page.next !== null
          ? {
              href: listHref('/directory/changes', { ...filters, before: String(page.next) }),
              text: 'Older',
            }
          : undefined,
    },
    verdict: verdict.ok
      ? { ok: true, count: verdict.changes }
      : { ok: false, detail: verdict.detail },
  };
}
