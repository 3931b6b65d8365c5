import { BODY_KINDS } from '../../../../libs/directory/use-cases/body-record-rules.service';
import { ELECTED_CATEGORY } from '../../../../libs/governance/body-rules.schema';
import type { FieldWords, FormErrors } from '../forms/form-errors.service';
import { formText } from '../staff-pages.service';
import { keyInWords } from './bodies-words.service';

/**
 * The form that edits a body's rules as data, in plain English: a row per constituency (its name,
 * the organisation its seats represent, what else it counts as, whether it assents as a bloc), the
 * quorum as numbers ("at least 3 present, 1 elected member, 1 from Healthwatch"), the decision,
 * notice, substitutes and delegation rules, each with where it comes from. The keys the rules
 * use are made from the names and never typed.
 */

export interface ConstituencyRow {
  key: string;
  name: string;
  organisationId: string;
  groups: string;
  bloc: boolean;
}

export interface MinimumRow {
  count: string;
  who: string;
}

export interface BodyForm {
  name: string;
  kind: string;
  version: string;
  constituencies: ConstituencyRow[];
  quorumTotal: string;
  quorumElected: string;
  minimums: MinimumRow[];
  quorumSource: string;
  decisionKind: string;
  decisionSource: string;
  reportClearDays: string;
  keyDecisionNoticeClearDays: string;
  privateNoticeClearDays: string;
  noticesSource: string;
  substitutesKind: string;
  substitutesSource: string;
  delegationAllowed: string;
  delegationSource: string;
}

const MAX_ROWS = 20;
export const blankConstituency = (): ConstituencyRow => ({
  key: '',
  name: '',
  organisationId: '',
  groups: '',
  bloc: false,
});
export const blankMinimum = (): MinimumRow => ({ count: '', who: '' });
/** Rows to fill in: those given, `spare` blank ones more, at least `least`, at most 20. */
export const padded = <T>(rows: T[], blank: () => T, spare: number, least: number): T[] => {
  const out = [...rows];
  while (out.length < Math.min(MAX_ROWS, Math.max(least, rows.length + spare))) out.push(blank());
  return out;
};

/** A key the rules accept, made from words: "Public Health" → "public-health". */
export function keyOf(words: string): string {
  const k = words
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 38);
  return /^[a-z]/.test(k) ? k : `c-${k}`.slice(0, 40);
}

/** The posted form as typed (kept to show again), rows counted by the form's own hidden fields. */
export function typedBodyForm(body: Record<string, unknown>): BodyForm {
  const s = (k: string) => formText(body, k);
  const rows = (k: string) => Math.min(MAX_ROWS, Math.max(0, Number.parseInt(s(k), 10) || 0));
  const constituencies = Array.from({ length: rows('constituencyRows') }, (_, i) => ({
    key: s(`c-${i}-key`),
    name: s(`c-${i}-name`),
    organisationId: s(`c-${i}-organisation`),
    groups: s(`c-${i}-groups`),
    bloc: s(`c-${i}-bloc`) === 'yes',
  }));
  const minimums = Array.from({ length: rows('minimumRows') }, (_, i) => ({
    count: s(`m-${i}-count`),
    who: s(`m-${i}-who`),
  }));
  return {
    name: s('name'),
    kind: s('kind'),
    version: s('version'),
    constituencies: padded(constituencies, blankConstituency, 0, 3),
    quorumTotal: s('quorumTotal'),
    quorumElected: s('quorumElected'),
    minimums: padded(minimums, blankMinimum, 0, 3),
    quorumSource: s('quorumSource'),
    decisionKind: s('decisionKind'),
    decisionSource: s('decisionSource'),
    reportClearDays: s('reportClearDays'),
    keyDecisionNoticeClearDays: s('keyDecisionNoticeClearDays'),
    privateNoticeClearDays: s('privateNoticeClearDays'),
    noticesSource: s('noticesSource'),
    substitutesKind: s('substitutesKind'),
    substitutesSource: s('substitutesSource'),
    delegationAllowed: s('delegationAllowed'),
    delegationSource: s('delegationSource'),
  };
}

/** The rules and the field words that map the use case's problems back to this form's rows. */
export interface ReadBodyForm {
  input: { name: string; kind: string; rules: unknown };
  words: FieldWords;
}

/**
 * The use case's input from the typed form. What the page itself can tell (a number that is not
 * one, a minimum naming nothing on the form, a required choice left out) goes into `errors`; the
 * rules' own checks are the use case's.
 */
export function bodyInputOf(f: BodyForm, errors: FormErrors): ReadBodyForm {
  const words: FieldWords = {
    name: { id: 'name', message: capital },
    kind: { id: 'kind', message: () => 'Choose what kind of body it is' },
    'rules.quorum.total': { id: 'quorumTotal', message: numberWords('The quorum') },
    'rules.quorum.source': { id: 'quorumSource', message: capital },
    'rules.quorum.minimums': { id: 'quorumElected', message: capital },
    'rules.decision.kind': { id: 'decisionKind', message: () => 'Choose how the body decides' },
    'rules.decision.source': { id: 'decisionSource', message: capital },
    'rules.decision.blocs.*': { id: 'decisionKind', message: capital },
    'rules.notices.reportClearDays': {
      id: 'reportClearDays',
      message: numberWords('Notice for reports'),
    },
    'rules.notices.keyDecisionNoticeClearDays': {
      id: 'keyDecisionNoticeClearDays',
      message: numberWords('Notice of a key decision'),
    },
    'rules.notices.privateNoticeClearDays': {
      id: 'privateNoticeClearDays',
      message: numberWords('Notice of a meeting in private'),
    },
    'rules.notices.source': { id: 'noticesSource', message: capital },
    'rules.substitutes.kind': {
      id: 'substitutesKind',
      message: () => 'Choose who may sit in a member’s place',
    },
    'rules.substitutes.source': { id: 'substitutesSource', message: capital },
    'rules.delegation.allowed': {
      id: 'delegationAllowed',
      message: () => 'Choose whether the body may delegate',
    },
    'rules.delegation.source': { id: 'delegationSource', message: capital },
    'rules.constituencies': { id: 'c-0-name', message: capital },
  };
  const whole = (id: string, typed: string, what: string, required: boolean) => {
    if (!typed) {
      if (required) errors.add(id, `Enter ${what}, as a whole number`);
      return undefined;
    }
    if (!/^\d{1,4}$/.test(typed)) {
      errors.add(id, `Enter ${what} as a whole number, like 3`);
      return undefined;
    }
    return Number(typed);
  };
  const keys = new Set<string>();
  const constituencies = f.constituencies.flatMap((c, row) => {
    if (!c.name) return [];
    const i = keys.size;
    let key = c.key || keyOf(c.name);
    for (let n = 2; keys.has(key); n++) key = `${keyOf(c.name).slice(0, 36)}-${n}`;
    keys.add(key);
    for (const [from, id] of [
      ['name', 'name'],
      ['key', 'name'],
      ['organisationId', 'organisation'],
      ['categories', 'groups'],
    ] as const) {
      words[`rules.constituencies.${i}.${from}`] = { id: `c-${row}-${id}`, message: capital };
      words[`rules.constituencies[${i}].${from}`] = { id: `c-${row}-${id}`, message: capital };
    }
    words[`rules.constituencies.${i}.categories.*`] = { id: `c-${row}-groups`, message: capital };
    return [
      {
        key,
        name: c.name,
        organisationId: c.organisationId || null,
        categories: c.groups
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
          .map(keyOf),
        bloc: c.bloc,
      },
    ];
  });
  const minimums: { category: string; min: number; label: string }[] = [];
  const elected = whole('quorumElected', f.quorumElected, 'the number of elected members', false);
  if (elected) {
    words[`rules.quorum.minimums.${minimums.length}.min`] = {
      id: 'quorumElected',
      message: capital,
    };
    minimums.push({ category: ELECTED_CATEGORY, min: elected, label: 'elected members' });
  }
  f.minimums.forEach((m, row) => {
    if (!m.count && !m.who) return;
    const count = whole(`m-${row}-count`, m.count, 'how many members', true);
    if (!m.who)
      return void errors.add(`m-${row}-who`, 'Say who the minimum counts, for example Healthwatch');
    const who = m.who.toLowerCase();
    const byName = constituencies.find((c) => c.name.toLowerCase() === who);
    const groups = constituencies.flatMap((c) => c.categories);
    const category = byName?.key ?? (groups.includes(keyOf(m.who)) ? keyOf(m.who) : null);
    if (!category) {
      const known = [...constituencies.map((c) => c.name), ...new Set(groups.map(keyInWords))];
      return void errors.add(
        `m-${row}-who`,
        `“${m.who}” is not a constituency or what one counts as on this form: name one of ${known.join(', ') || 'the constituencies you add above'}`,
      );
    }
    if (count === undefined) return;
    const i = minimums.length;
    words[`rules.quorum.minimums.${i}.min`] = { id: `m-${row}-count`, message: capital };
    words[`rules.quorum.minimums.${i}.category`] = { id: `m-${row}-who`, message: capital };
    words[`rules.quorum.minimums.${i}.label`] = { id: `m-${row}-who`, message: capital };
    minimums.push({
      category,
      min: count,
      label: byName ? `members for ${byName.name}` : `${keyInWords(category)} members`,
    });
  });
  if (!f.decisionKind) errors.add('decisionKind', 'Choose how the body decides');
  if (!f.delegationAllowed) errors.add('delegationAllowed', 'Choose whether the body may delegate');
  const total = whole(
    'quorumTotal',
    f.quorumTotal,
    'the number of members who must be present',
    true,
  );
  const notice = (id: keyof BodyForm, what: string) => whole(id, f[id] as string, what, true);
  const rules = {
    constituencies: constituencies.map(({ bloc: _b, ...c }) => c),
    quorum: { source: f.quorumSource, total, minimums },
    decision:
      f.decisionKind === 'majority'
        ? { kind: 'majority', source: f.decisionSource }
        : {
            kind: f.decisionKind || 'consensus',
            blocs: constituencies.filter((c) => c.bloc).map((c) => c.key),
            source: f.decisionSource,
          },
    notices: {
      reportClearDays: notice('reportClearDays', 'the clear days of notice for reports'),
      keyDecisionNoticeClearDays: notice(
        'keyDecisionNoticeClearDays',
        'the clear days of notice of a key decision',
      ),
      privateNoticeClearDays: notice(
        'privateNoticeClearDays',
        'the clear days of notice of a meeting in private',
      ),
      source: f.noticesSource,
    },
    substitutes: { kind: f.substitutesKind, source: f.substitutesSource },
    delegation: { allowed: f.delegationAllowed === 'yes', source: f.delegationSource },
  };
  if (!(BODY_KINDS as readonly string[]).includes(f.kind))
    errors.add('kind', 'Choose what kind of body it is');
  return { input: { name: f.name, kind: f.kind, rules }, words };
}

function capital(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "quorum.total is at least 1" → "The quorum is at least 1". */
function numberWords(what: string) {
  return (problem: string) => `${what} ${problem.replace(/^[\w.]+ /, '')}`;
}
