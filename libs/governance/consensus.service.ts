import { refuse, type Refusal } from './governance.errors';
import type { RollEntry } from './quorum.service';

/**
 * The JCB's show of hands (terms of reference 8.1-8.3, seed 002). Only eligible present members
 * (present, in a seat, not excluded by an interest) show a hand, and every one of them must. There
 * is consensus when every one supports and each partner bloc assents (has at least one eligible
 * present member, all supporting). Without consensus the Chair, having consulted those present,
 * defers the item (reconsidered after the Chair and partner lead talk) or refers it back to the
 * parent bodies. An inquorate meeting takes no vote.
 */

export type Hand = 'for' | 'against' | 'abstain';

export interface ShownHand {
  personId: string;
  hand: Hand;
}

export type ChairChoice = {
  outcome: 'deferred' | 'referredBack';
  /** ToR 8.3: the Chair consults those present before deferring or referring back. */
  consultedThosePresent: boolean;
};

export type ConsensusOutcome =
  'consensus' | 'noConsensusDeferred' | 'noConsensusReferredBack' | 'inquorate';

export interface ShowOfHandsInput {
  quorum: { quorate: boolean; roll: RollEntry[] };
  /** The partner organisations, each of which must assent: ['council', 'ccg'] for the JCB. */
  partners: string[];
  /**
   * Each partner's name by its key, as the council's directory gives it (the constituency's name,
   * else its organisation's): the explanation says these. Without them, the keys, as the JCB's
   * released versions 1 to 9 recorded them (their traces hold those lines byte for byte).
   */
  partnerNames?: Record<string, string>;
  hands: ShownHand[];
  chairChoice?: ChairChoice;
  /** Under a majority rule, on a tie only: the person presiding's second or casting vote. */
  castingVote?: CastingVote;
}

/** LGA 1972 Sch 12 para 39(2) (para 44 for committees): the person presiding breaks a tie. */
export interface CastingVote {
  presidingPersonId: string;
  hand: 'for' | 'against';
}

export interface ConsensusResult {
  ok: true;
  outcome: ConsensusOutcome;
  tally: Record<Hand, number>;
  explanation: string[];
}

/** A body deciding by majority: the motion carried or lost. */
export interface MajorityResult {
  ok: true;
  outcome: 'carried' | 'lost' | 'inquorate';
  tally: Record<Hand, number>;
  explanation: string[];
  /** The tie broken by the person presiding, named as the roll names them. */
  castingVote?: CastingVote & { name: string };
}

export type VoteRefusalCode =
  | 'VOTE_WHEN_INQUORATE'
  | 'VOTER_NOT_ATTENDING'
  | 'VOTER_ABSENT'
  | 'VOTER_EXCLUDED'
  | 'VOTER_NOT_VOTING'
  | 'DUPLICATE_VOTE'
  | 'VOTE_MISSING'
  | 'CHAIR_CHOICE_REQUIRED'
  | 'CHAIR_HAS_NOT_CONSULTED'
  | 'CHAIR_CHOICE_WITH_CONSENSUS'
  | 'CHAIR_CHOICE_NOT_UNDER_MAJORITY'
  | 'CASTING_VOTE_REQUIRED'
  | 'CASTING_VOTE_WITHOUT_A_TIE'
  | 'CASTING_VOTE_NOT_UNDER_CONSENSUS'
  | 'PRESIDING_MEMBER_NOT_VOTING';

/** A partner as the lines say it: its name where one is given, else its key (released versions' words). */
const partnerWords = (names: Record<string, string> | undefined) => (key: string) =>
  names?.[key] ?? key;

/** A member's line: their name, their partner, their hand. */
const handLine = (v: RollEntry, hand: Hand, said: (key: string) => string) =>
  `${v.name}${v.partner ? ` (${said(v.partner)})` : ''}: ${hand}`;

/** Who may show a hand: present, in a voting seat, not excluded by an interest. */
export function eligibleVoters(roll: RollEntry[]): RollEntry[] {
  return roll.filter((r) => r.present && !r.excludedByInterest && !r.nonVoting);
}

/** The hands checked against the roll: who may show one, once each, and every eligible one shown. */
function readHands(
  roll: RollEntry[],
  hands: ShownHand[],
): { ok: true; voters: RollEntry[]; handOf: Map<string, Hand> } | Refusal<VoteRefusalCode> {
  const byPerson = new Map(roll.map((r) => [r.personId, r]));
  const handOf = new Map<string, Hand>();
  for (const [i, h] of hands.entries()) {
    const who = byPerson.get(h.personId);
    // A hand carries only the person's id, and an id is nobody's word for a person: its place.
    if (!who)
      return refuse('VOTER_NOT_ATTENDING', [
        `hand ${i + 1} of those recorded is for someone not in the attendance: only members present may show a hand`,
      ]);
    if (!who.present)
      return refuse('VOTER_ABSENT', [`${who.name} is not present: only members present may vote`]);
    if (who.excludedByInterest)
      return refuse('VOTER_EXCLUDED', [
        `${who.name} is excluded from this item by a declared interest and may not vote`,
      ]);
    if (who.nonVoting)
      return refuse('VOTER_NOT_VOTING', [
        `${who.name} holds a non-voting seat and does not show a hand`,
      ]);
    if (handOf.has(h.personId))
      return refuse('DUPLICATE_VOTE', [`${who.name} has shown a hand twice: record one hand`]);
    handOf.set(h.personId, h.hand);
  }
  const voters = eligibleVoters(roll);
  const missing = voters.filter((v) => !handOf.has(v.personId));
  if (missing.length > 0)
    return refuse('VOTE_MISSING', [
      `no hand recorded for ${missing.map((m) => m.name).join(', ')}: record for, against or abstain for every eligible member present`,
    ]);
  return { ok: true, voters, handOf };
}

/** The body's decision rule applied to a show of hands: consensus by blocs, or a simple majority. */
export function decideVote(
  rule: { kind: 'consensus'; blocs: string[] } | { kind: 'majority'; source: string },
  input: Omit<ShowOfHandsInput, 'partners'>,
): ConsensusResult | MajorityResult | Refusal<VoteRefusalCode> {
  return rule.kind === 'consensus'
    ? decideShowOfHands({ ...input, partners: rule.blocs })
    : decideMajority({ ...input, source: rule.source });
}

/**
 * A simple majority of the eligible members present who show a hand for or against; abstentions
 * are not counted. On a tie the person presiding has a second or casting vote (LGA 1972 Sch 12
 * para 39(2); para 44 for committees), which the body's rules do not take away: it must be
 * recorded, and decides; without a tie there is none. A majority body does not defer or refer
 * back: the motion is carried or lost.
 */
export function decideMajority(
  input: Omit<ShowOfHandsInput, 'partners'> & { source: string },
): MajorityResult | Refusal<VoteRefusalCode> {
  const tally: Record<Hand, number> = { for: 0, against: 0, abstain: 0 };
  if (!input.quorum.quorate) {
    if (input.hands.length > 0)
      return refuse('VOTE_WHEN_INQUORATE', [
        'the meeting is not quorate for this item: no vote can be taken, so no hands are recorded',
      ]);
    return {
      ok: true,
      outcome: 'inquorate',
      tally,
      explanation: ['the meeting is not quorate for this item: no vote can be taken'],
    };
  }
  if (input.chairChoice)
    return refuse('CHAIR_CHOICE_NOT_UNDER_MAJORITY', [
      `a majority vote is carried or lost (${input.source}): the Chair does not defer or refer back`,
    ]);
  const read = readHands(input.quorum.roll, input.hands);
  if (!read.ok) return read;
  const explanation: string[] = [`decided by a simple majority (${input.source})`];
  for (const v of read.voters) {
    const hand = read.handOf.get(v.personId) as Hand;
    tally[hand]++;
    explanation.push(handLine(v, hand, partnerWords(input.partnerNames)));
  }
  const counted = `${tally.for} for, ${tally.against} against, ${tally.abstain} abstaining of ${read.voters.length} eligible members present`;
  const cast = input.castingVote;
  if (tally.for !== tally.against) {
    if (cast)
      return refuse('CASTING_VOTE_WITHOUT_A_TIE', [
        counted,
        'the person presiding has a casting vote only on a tie: leave the casting vote out',
      ]);
    const carried = tally.for > tally.against;
    explanation.push(
      counted,
      carried ? 'carried: more for than against' : 'lost: not more for than against',
    );
    return { ok: true, outcome: carried ? 'carried' : 'lost', tally, explanation };
  }
  const tied = `${counted}: a tie, which the person presiding breaks with a second or casting vote (the body's rules give no other way; LGA 1972 Sch 12 para 39(2))`;
  if (!cast)
    return refuse('CASTING_VOTE_REQUIRED', [
      tied,
      'record the casting vote of the person presiding, for or against',
    ]);
  const chair = read.voters.find((v) => v.personId === cast.presidingPersonId);
  if (!chair)
    return refuse('PRESIDING_MEMBER_NOT_VOTING', [
      tied,
      'the person presiding must be a member present and entitled to vote on this item',
    ]);
  const carried = cast.hand === 'for';
  explanation.push(
    tied,
    `${carried ? 'carried' : 'lost'} on the casting vote of the chair, ${chair.name} (${cast.hand})`,
  );
  return {
    ok: true,
    outcome: carried ? 'carried' : 'lost',
    tally,
    explanation,
    castingVote: { ...cast, name: chair.name },
  };
}

export function decideShowOfHands(
  input: ShowOfHandsInput,
): ConsensusResult | Refusal<VoteRefusalCode> {
  const { quorum, partners, hands, chairChoice } = input;
  const tally: Record<Hand, number> = { for: 0, against: 0, abstain: 0 };
  if (input.castingVote)
    return refuse('CASTING_VOTE_NOT_UNDER_CONSENSUS', [
      'this body decides by consensus, not by counting hands: there is no casting vote to record',
    ]);
  if (!quorum.quorate) {
    if (hands.length > 0)
      return refuse('VOTE_WHEN_INQUORATE', [
        'the meeting is not quorate for this item: no vote can be taken, so no hands are recorded',
      ]);
    return {
      ok: true,
      outcome: 'inquorate',
      tally,
      explanation: ['the meeting is not quorate for this item: no vote can be taken'],
    };
  }
  const read = readHands(quorum.roll, hands);
  if (!read.ok) return read;
  const { voters, handOf } = read;

  const said = partnerWords(input.partnerNames);
  const explanation: string[] = [];
  for (const v of voters) {
    const hand = handOf.get(v.personId) as Hand;
    tally[hand]++;
    explanation.push(handLine(v, hand, said));
  }
  explanation.push(
    `${tally.for} for, ${tally.against} against, ${tally.abstain} abstaining of ${voters.length} eligible members present`,
  );
  let consensus = voters.length > 0 && tally.for === voters.length;
  for (const p of partners) {
    const bloc = voters.filter((v) => v.partner === p);
    const supporting = bloc.filter((v) => handOf.get(v.personId) === 'for').length;
    const assents = bloc.length > 0 && supporting === bloc.length;
    consensus &&= assents;
    explanation.push(
      bloc.length === 0
        ? input.partnerNames?.[p] !== undefined
          ? `${said(p)}: no eligible member present, so it cannot assent`
          : `${p}: no eligible member present, so the ${p} bloc cannot assent`
        : `${said(p)}: ${supporting} of ${bloc.length} for: ${assents ? 'assents' : 'does not assent'}`,
    );
  }
  if (consensus) {
    if (chairChoice)
      return refuse('CHAIR_CHOICE_WITH_CONSENSUS', [
        'there is consensus, so the Chair does not defer or refer back',
      ]);
    explanation.push('consensus: every eligible member present supports and each partner assents');
    return { ok: true, outcome: 'consensus', tally, explanation };
  }
  explanation.push('no consensus: the decision may not be taken under delegation (ToR 8.3)');
  if (!chairChoice)
    return refuse('CHAIR_CHOICE_REQUIRED', [
      ...explanation,
      'the Chair must choose to defer the item or refer it back to the parent bodies',
    ]);
  if (!chairChoice.consultedThosePresent)
    return refuse('CHAIR_HAS_NOT_CONSULTED', [
      ...explanation,
      'the Chair must consult those present before deferring or referring back (ToR 8.3)',
    ]);
  switch (chairChoice.outcome) {
    case 'deferred':
      explanation.push(
        'deferred by the Chair after consulting those present: to be reconsidered after the Chair and the partner lead have talked (ToR 8.2)',
      );
      return { ok: true, outcome: 'noConsensusDeferred', tally, explanation };
    case 'referredBack':
      explanation.push(
        'referred back to the parent bodies by the Chair after consulting those present (ToR 8.3)',
      );
      return { ok: true, outcome: 'noConsensusReferredBack', tally, explanation };
  }
}
