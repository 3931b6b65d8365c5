import { z } from 'zod';
import { describeDay, daysFromTo } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';
import { calendarDate } from './working-day-calendar.service';

/**
 * Declarations of interest and what they do to a member's part in an item. A disclosable
 * pecuniary interest (Localism Act 2011 s31(4)) bars the member from discussion and vote on the
 * matter unless a dispensation (s33) relieves them; such a member is withdrawn (recorded) and, by
 * a per-council setting, must leave the room. An Other Interest is recorded and the member takes
 * part (HWBB front sheet, seed 002). Dates are YYYY-MM-DD (the meeting date).
 */

export type InterestKind = 'disclosablePecuniary' | 'other';

export interface Declaration {
  personId: string;
  itemId: string;
  kind: InterestKind;
  /** What the interest is, as declared and minuted. */
  nature: string;
}

/** Localism Act 2011 s33(2): the grounds on which a dispensation may be granted. */
export type DispensationGround =
  | 'impedesTransactionOfBusiness' // s33(2)(a)
  | 'politicalBalance' // s33(2)(b)
  | 'inhabitantsInterests' // s33(2)(c)
  | 'wholeExecutiveProhibited' // s33(2)(d)
  | 'otherwiseAppropriate'; // s33(2)(e)

const GROUND_WORDS: Record<DispensationGround, string> = {
  impedesTransactionOfBusiness:
    'so many members are barred that the transaction of business would be impeded (s33(2)(a))',
  politicalBalance: 'the balance of political groups would be upset (s33(2)(b))',
  inhabitantsInterests: 'it is in the interests of people living in the area (s33(2)(c))',
  wholeExecutiveProhibited: 'every member of the executive would be barred (s33(2)(d))',
  otherwiseAppropriate: 'it is otherwise appropriate (s33(2)(e))',
};

export const dispensationSchema = z.object({
  id: z.string().min(1),
  personId: z.string().min(1),
  /** Who granted it: the authority, its standards committee or the monitoring officer. */
  grantor: z.string().trim().min(1),
  ground: z.enum([
    'impedesTransactionOfBusiness',
    'politicalBalance',
    'inhabitantsInterests',
    'wholeExecutiveProhibited',
    'otherwiseAppropriate',
  ]),
  /** Item ids or subject tags of items it covers. */
  matters: z.array(z.string().min(1)).min(1),
  /** s33(1): relief from the bar on discussion, on voting, or both. */
  relievesFrom: z.array(z.enum(['discussion', 'vote'])).min(1),
  grantedOn: calendarDate('use a calendar date such as 2025-09-04'),
  endsOn: calendarDate('use a calendar date such as 2025-09-04'),
  revokedOn: calendarDate('use a calendar date such as 2025-09-04').nullable().default(null),
});

export type Dispensation = z.input<typeof dispensationSchema>;

/** Each part of a dispensation as a refusal names it missing: in words, never its field's key. */
const DISPENSATION_PARTS: Readonly<Record<string, string>> = {
  id: 'its reference in the register',
  personId: 'the member it is for',
  grantor: 'who granted it (the council, its standards committee or the monitoring officer)',
  ground: 'one of the grounds in the Localism Act 2011 s33(2)',
  matters: 'the items or subjects it covers',
  relievesFrom: 'what it relieves the member from: discussion, voting or both',
  grantedOn: 'the day it was granted, as a calendar date',
  endsOn: 'the day it ends, as a calendar date',
  revokedOn: 'the day it was revoked, as a calendar date',
};

export type DispensationRefusalCode =
  'DISPENSATION_INCOMPLETE' | 'DISPENSATION_ENDS_BEFORE_GRANT' | 'DISPENSATION_TOO_LONG';

/** s33(3): a dispensation may not last more than 4 years from the day it is granted. */
export const DISPENSATION_MAX_YEARS = 4;

/** The same calendar date `years` on; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const daysInMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(m)}-${pad(Math.min(d, daysInMonth))}`;
}

export function validateDispensation(
  input: Dispensation,
): { ok: true; explanation: string[] } | Refusal<DispensationRefusalCode> {
  const parsed = dispensationSchema.safeParse(input);
  if (!parsed.success)
    return refuse('DISPENSATION_INCOMPLETE', [
      ...new Set(
        parsed.error.issues.map(
          (i) =>
            `the dispensation does not give ${DISPENSATION_PARTS[String(i.path[0])] ?? 'who it is for, what it covers and when'}`,
        ),
      ),
    ]);
  const d = parsed.data;
  if (d.endsOn < d.grantedOn)
    return refuse('DISPENSATION_ENDS_BEFORE_GRANT', [
      `granted ${describeDay(d.grantedOn)} but ends ${describeDay(d.endsOn)}: the end must be on or after the grant`,
    ]);
  const latest = addYears(d.grantedOn, DISPENSATION_MAX_YEARS);
  if (d.endsOn > latest)
    return refuse('DISPENSATION_TOO_LONG', [
      `granted ${describeDay(d.grantedOn)}; a dispensation may last at most ${DISPENSATION_MAX_YEARS} years (Localism Act 2011 s33(3)), so it must end by ${describeDay(latest)}; it ends ${describeDay(d.endsOn)}`,
    ]);
  return {
    ok: true,
    explanation: [
      `granted by ${d.grantor} on ${describeDay(d.grantedOn)} because ${GROUND_WORDS[d.ground]}`,
      `relieves from the bar on ${d.relievesFrom.join(' and ')}; in force until ${describeDay(d.endsOn)} (${daysFromTo(d.grantedOn, d.endsOn)} days, at most ${DISPENSATION_MAX_YEARS} years)`,
    ],
  };
}

export interface AgendaItemRef {
  id: string;
  title: string;
  subjects?: string[];
}

export interface InterestSettings {
  /** Per council: a member barred by a DPI must leave the room for the item. */
  dpiMemberMustLeaveRoom: boolean;
}

export interface Eligibility {
  mayDiscuss: boolean;
  mayVote: boolean;
  countsForQuorum: boolean;
  /** A withdrawal from the item is recorded in the minutes. */
  withdrawalRecorded: boolean;
  mustLeaveRoom: boolean;
  /** The dispensation relied on, if any. */
  dispensationId: string | null;
  explanation: string[];
}

/** Whether a dispensation is valid and covers the item on `on`. */
export function dispensationApplies(d: Dispensation, item: AgendaItemRef, on: string): boolean {
  if (!validateDispensation(d).ok) return false;
  if (d.revokedOn != null && d.revokedOn <= on) return false;
  if (on < d.grantedOn || on > d.endsOn) return false;
  return d.matters.some((m) => m === item.id || (item.subjects ?? []).includes(m));
}

/**
 * What a person may do on an item given their declarations and dispensations on the meeting date.
 * A member counts toward quorum only if they may vote.
 */
export function eligibility(
  person: { personId: string; name: string },
  item: AgendaItemRef,
  declarations: Declaration[],
  dispensations: Dispensation[],
  on: string,
  settings: InterestSettings,
): Eligibility {
  const mine = declarations.filter((d) => d.personId === person.personId && d.itemId === item.id);
  const explanation: string[] = [];
  for (const d of mine.filter((x) => x.kind === 'other'))
    explanation.push(
      `${person.name} declared an Other Interest in "${item.title}" (${d.nature}): recorded; may take part`,
    );
  const dpis = mine.filter((d) => d.kind === 'disclosablePecuniary');
  if (dpis.length === 0) {
    if (mine.length === 0)
      explanation.push(`${person.name} declared no interest in "${item.title}"`);
    explanation.push('may discuss, vote and count toward quorum');
    return {
      mayDiscuss: true,
      mayVote: true,
      countsForQuorum: true,
      withdrawalRecorded: false,
      mustLeaveRoom: false,
      dispensationId: null,
      explanation,
    };
  }
  explanation.push(
    `${person.name} declared a disclosable pecuniary interest in "${item.title}" (${dpis.map((d) => d.nature).join('; ')}): Localism Act 2011 s31(4) bars discussion and vote without a dispensation`,
  );
  const relief = new Set<'discussion' | 'vote'>();
  let used: Dispensation | null = null;
  for (const d of dispensations.filter((x) => x.personId === person.personId)) {
    if (dispensationApplies(d, item, on)) {
      for (const r of d.relievesFrom) relief.add(r);
      used ??= d;
      explanation.push(
        `dispensation ${d.id} granted by ${d.grantor}, in force on ${describeDay(on)}, relieves from the bar on ${d.relievesFrom.join(' and ')}`,
      );
    } else explanation.push(`dispensation ${d.id} does not apply: ${whyNot(d, item, on)}`);
  }
  const mayDiscuss = relief.has('discussion');
  const mayVote = relief.has('vote');
  const withdrawalRecorded = !mayDiscuss;
  const mustLeaveRoom = withdrawalRecorded && settings.dpiMemberMustLeaveRoom;
  explanation.push(
    `${mayDiscuss ? 'may' : 'may not'} discuss; ${mayVote ? 'may' : 'may not'} vote; ${mayVote ? 'counts' : 'does not count'} toward quorum`,
  );
  if (withdrawalRecorded)
    explanation.push(
      mustLeaveRoom
        ? 'withdrawal recorded; the council requires the member to leave the room for this item'
        : 'withdrawal recorded; the council lets the member stay in the room without taking part',
    );
  return {
    mayDiscuss,
    mayVote,
    countsForQuorum: mayVote,
    withdrawalRecorded,
    mustLeaveRoom,
    dispensationId: used?.id ?? null,
    explanation,
  };
}

/** The people an item's declarations exclude from its quorum (for assessQuorum). */
export function excludedFromQuorum(
  people: { personId: string; name: string }[],
  item: AgendaItemRef,
  declarations: Declaration[],
  dispensations: Dispensation[],
  on: string,
  settings: InterestSettings,
): string[] {
  return people
    .filter((p) => !eligibility(p, item, declarations, dispensations, on, settings).countsForQuorum)
    .map((p) => p.personId);
}

function whyNot(d: Dispensation, item: AgendaItemRef, on: string): string {
  const v = validateDispensation(d);
  if (!v.ok) return v.explanation.join('; ');
  if (d.revokedOn != null && d.revokedOn <= on) return `revoked ${describeDay(d.revokedOn)}`;
  if (on < d.grantedOn) return `not granted until ${describeDay(d.grantedOn)}`;
  if (on > d.endsOn) return `ended ${describeDay(d.endsOn)}`;
  return `it does not cover "${item.title}"`;
}
