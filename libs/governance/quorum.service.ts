import { z } from 'zod';
import { metOrNot, refuse, type Refusal } from './governance.errors';
import { plural } from './clear-days.service';

/**
 * Quorum as data: a total and minimums per category. A member counts toward a category when the
 * category is one of theirs or is their partner organisation. A substitute fills their
 * principal's seat, and so the principal's categories and partner. A person excluded by an
 * interest for the item is present but does not count; nor does a non-voting seat.
 */

export const quorumRuleSchema = z
  .object({
    body: z.string().trim().min(1),
    /** Where the rule is written down, quoted in every explanation. */
    source: z.string().trim().min(1),
    total: z.number().int().min(1),
    minimums: z.array(
      z.object({
        category: z.string().trim().min(1),
        min: z.number().int().min(1),
        /** Plural words for the explanation: "elected members". */
        label: z.string().trim().min(1),
      }),
    ),
  })
  .refine((r) => new Set(r.minimums.map((m) => m.category)).size === r.minimums.length, {
    message: 'each category may have only one minimum',
  });

export type QuorumRule = z.infer<typeof quorumRuleSchema>;

/**
 * HWBB front sheet, seed 002 ("QUORUM"): "The minimum number of appointed Members required to be
 * in attendance to hold the meeting is 3 who will include at least one Elected Member, a member
 * from Health and Healthwatch."
 */
export const HWBB_QUORUM: QuorumRule = {
  body: 'Health and Wellbeing Board',
  source: 'HWBB front sheet, "Quorum" (seed 002)',
  total: 3,
  minimums: [
    { category: 'elected', min: 1, label: 'elected members' },
    { category: 'health', min: 1, label: 'health members' },
    { category: 'healthwatch', min: 1, label: 'Healthwatch members' },
  ],
};

/**
 * JCB draft terms of reference, section 8.1 (seed 002): "The Board will be quorate if there are at
 * least 4 members in attendance with a minimum of 2 from each [partner]" (council and CCG, 7.1).
 */
export const JCB_QUORUM: QuorumRule = {
  body: 'Joint Commissioning Board',
  source: 'JCB terms of reference 8.1 (seed 002)',
  total: 4,
  minimums: [
    { category: 'council', min: 2, label: 'council members' },
    { category: 'ccg', min: 2, label: 'CCG members' },
  ],
};

/** A seat on the body. `substitutes`, when given, is the scheme's list of who may sit for them. */
export interface BodyMember {
  personId: string;
  name: string;
  categories: string[];
  partner?: string;
  substitutes?: string[];
  /** False for a non-voting seat (a non-voting co-opted member): present, never counted. */
  voting?: boolean;
}

export interface AttendanceEntry {
  personId: string;
  name: string;
  status: 'present' | 'apologies' | 'absent';
  /** The member whose seat this person fills; absent for a member in their own seat. */
  substituteFor?: string;
}

/** One attending person as the quorum saw them. */
export interface RollEntry {
  personId: string;
  name: string;
  /** The member whose seat they occupy (themselves unless substituting). */
  seatPersonId: string;
  categories: string[];
  partner?: string;
  present: boolean;
  excludedByInterest: boolean;
  counted: boolean;
  /** In a non-voting seat: neither counted toward the quorum nor eligible to vote. */
  nonVoting?: true;
}

export interface QuorumAssessment {
  ok: true;
  quorate: boolean;
  explanation: string[];
  counted: RollEntry[];
  roll: RollEntry[];
}

export type AttendanceRefusalCode =
  | 'NOT_A_MEMBER'
  | 'DUPLICATE_ATTENDANCE'
  | 'SUBSTITUTE_FOR_NON_MEMBER'
  | 'SUBSTITUTE_FOR_PRESENT_MEMBER'
  | 'SUBSTITUTE_IS_A_MEMBER'
  | 'SUBSTITUTE_NOT_IN_SCHEME'
  | 'SEAT_FILLED_TWICE';

/** The categories a seat counts toward: its categories and its partner. */
export function seatCategories(member: Pick<BodyMember, 'categories' | 'partner'>): string[] {
  const all = [...member.categories];
  if (member.partner !== undefined && !all.includes(member.partner)) all.push(member.partner);
  return all;
}

/**
 * Each person's seat on the body, once (issue #12, review L9): a person who holds a voting seat sits
 * in it, and so votes once, whatever non-voting seat on the same body they also hold; otherwise the
 * first of their seats as given (the directory gives the latest begun first). The directory keeps
 * one seat per person at a time (membership-terms.service.ts), but seats recorded before that rule
 * may overlap: the directory's read of a body's seats on a day (BodyRepository.onDate) takes each
 * person's seat by this rule, and so do the quorum and the show of hands.
 */
export function seatOfEachPerson<M extends Pick<BodyMember, 'personId' | 'voting'>>(
  members: readonly M[],
): Map<string, M> {
  const seats = new Map<string, M>();
  for (const m of members) {
    const held = seats.get(m.personId);
    if (!held || (held.voting === false && m.voting !== false)) seats.set(m.personId, m);
  }
  return seats;
}

/**
 * Whether whoever sits in `seatPersonId`'s seat (its holder, or a substitute for them) may show a
 * hand: false only when every seat that person holds on the body is non-voting.
 */
export function seatVotes(members: readonly BodyMember[], seatPersonId: string): boolean {
  return seatOfEachPerson(members).get(seatPersonId)?.voting !== false;
}

/** Refuses an impossible attendance before anything is counted. */
export function checkAttendance(
  members: BodyMember[],
  attendance: AttendanceEntry[],
):
  | { ok: true; roll: Omit<RollEntry, 'excludedByInterest' | 'counted'>[] }
  | Refusal<AttendanceRefusalCode> {
  const byId = seatOfEachPerson(members);
  const seen = new Set<string>();
  const seatsFilled = new Map<string, string>();
  const presentInOwnSeat = new Set(
    attendance.filter((a) => a.status === 'present' && !a.substituteFor).map((a) => a.personId),
  );
  const roll: Omit<RollEntry, 'excludedByInterest' | 'counted'>[] = [];
  for (const a of attendance) {
    if (seen.has(a.personId))
      return refuse('DUPLICATE_ATTENDANCE', [
        `${a.name} is recorded twice: record each person once`,
      ]);
    seen.add(a.personId);
    let seat: BodyMember | undefined;
    if (a.substituteFor === undefined) {
      seat = byId.get(a.personId);
      if (!seat)
        return refuse('NOT_A_MEMBER', [
          `${a.name} is not a member: record them as a substitute for a member, or not at all`,
        ]);
    } else {
      seat = byId.get(a.substituteFor);
      if (!seat)
        return refuse('SUBSTITUTE_FOR_NON_MEMBER', [
          `${a.name} is recorded as a substitute for someone who is not a member: record them as substitute for the member whose seat they fill`,
        ]);
      if (byId.has(a.personId))
        return refuse('SUBSTITUTE_IS_A_MEMBER', [
          `${a.name} is a member in their own right and cannot also fill ${seat.name}'s seat`,
        ]);
      if (a.status === 'present' && presentInOwnSeat.has(seat.personId))
        return refuse('SUBSTITUTE_FOR_PRESENT_MEMBER', [
          `${a.name} cannot substitute for ${seat.name}, who is present`,
        ]);
      if (seat.substitutes && !seat.substitutes.includes(a.personId))
        return refuse('SUBSTITUTE_NOT_IN_SCHEME', [
          `${a.name} is not a nominated substitute for ${seat.name} under the substitution scheme`,
        ]);
    }
    if (a.status === 'present') {
      const other = seatsFilled.get(seat.personId);
      if (other !== undefined)
        return refuse('SEAT_FILLED_TWICE', [
          `${seat.name}'s seat is filled by both ${other} and ${a.name}: one person per seat`,
        ]);
      seatsFilled.set(seat.personId, a.name);
    }
    roll.push({
      personId: a.personId,
      name: a.name,
      seatPersonId: seat.personId,
      categories: seatCategories(seat),
      partner: seat.partner,
      present: a.status === 'present',
      ...(seat.voting === false ? { nonVoting: true as const } : {}),
    });
  }
  return { ok: true, roll };
}

/**
 * Whether the meeting is quorate for an item: every present person in a seat counts unless an
 * interest excludes them from the item (`excludedPersonIds`, from interests.service).
 */
export function assessQuorum(
  rule: QuorumRule,
  members: BodyMember[],
  attendance: AttendanceEntry[],
  excludedPersonIds: readonly string[] = [],
): QuorumAssessment | Refusal<AttendanceRefusalCode> {
  const checked = checkAttendance(members, attendance);
  if (!checked.ok) return checked;
  const excluded = new Set(excludedPersonIds);
  const roll: RollEntry[] = checked.roll.map((r) => {
    const excludedByInterest = r.present && excluded.has(r.personId);
    return { ...r, excludedByInterest, counted: r.present && !excludedByInterest && !r.nonVoting };
  });
  const counted = roll.filter((r) => r.counted);
  const explanation = [`${rule.body} quorum: ${rule.source}`];
  for (const r of roll.filter((x) => x.present)) {
    const seat =
      r.seatPersonId === r.personId ? '' : ` (substitute for ${nameOf(members, r.seatPersonId)})`;
    const as = r.categories.length > 0 ? `, counts as ${r.categories.join(', ')}` : '';
    explanation.push(
      r.excludedByInterest
        ? `${r.name}${seat} is present but excluded by an interest for this item: does not count`
        : r.nonVoting
          ? `${r.name}${seat} present in a non-voting seat: does not count`
          : `${r.name}${seat} present${as}`,
    );
  }
  const totalMet = counted.length >= rule.total;
  explanation.push(
    `${counted.length} present and counted, at least ${rule.total} needed: ${metOrNot(totalMet)}`,
  );
  let quorate = totalMet;
  for (const m of rule.minimums) {
    const n = counted.filter((r) => r.categories.includes(m.category)).length;
    const met = n >= m.min;
    quorate &&= met;
    explanation.push(
      `${m.label} present and counted: ${n}, at least ${m.min} needed: ${metOrNot(met)}`,
    );
  }
  explanation.push(quorate ? 'quorate' : 'not quorate: no decision can be taken');
  return { ok: true, quorate, explanation, counted, roll };
}

/** "3 members counted": a short summary for screens. */
export function describeCount(a: QuorumAssessment): string {
  return `${plural(a.counted.length, 'member')} counted; ${a.quorate ? 'quorate' : 'not quorate'}`;
}

function nameOf(members: BodyMember[], personId: string): string {
  return members.find((m) => m.personId === personId)?.name ?? personId;
}
