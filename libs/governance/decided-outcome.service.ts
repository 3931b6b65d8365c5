import type { ConsensusResult, Hand, MajorityResult } from './consensus.service';

/**
 * What a body's own decision rule made of a show of hands, as a case linked to the item takes it
 * (MeetingOutcome.decided, carried by libs/meetings/meeting-case-bridge.service.ts): consensus (the
 * HWBB, the JCB: consensus, or the Chair's choice to defer or refer back) or a simple majority
 * (Cabinet, Full Council: carried or lost, a tie decided by the casting vote of the person presiding), with the counts and the explanation
 * the meeting recorded. A template deciding on it reads the body's rule, not the body's name.
 */
export interface DecidedOutcome {
  /** The body's decision rule, as its rules keep it (libs/governance/body-rules.schema.ts). */
  rule: 'consensus' | 'majority';
  /** As the meeting records it (item_outcomes.outcome). */
  outcome: 'consensus' | 'deferred' | 'referredBack' | 'carried' | 'lost';
  /** As many for as against: under a majority rule, decided by the casting vote. */
  tie: boolean;
  /** On a tie under a majority rule: the person presiding's casting vote, and who presided. */
  castingVote?: { hand: 'for' | 'against'; presidingPersonId: string; name: string };
  tally: Record<Hand, number>;
  explanation: string[];
}

const KIND = {
  consensus: 'consensus',
  noConsensusDeferred: 'deferred',
  noConsensusReferredBack: 'referredBack',
  carried: 'carried',
  lost: 'lost',
} as const;

/**
 * The outcome of a quorate show of hands in the shape a case takes; an inquorate meeting takes no
 * vote, so it decides nothing (null).
 */
export function decidedOutcome(
  rule: 'consensus' | 'majority',
  result: ConsensusResult | MajorityResult,
): DecidedOutcome | null {
  if (result.outcome === 'inquorate') return null;
  return {
    rule,
    outcome: KIND[result.outcome],
    tie: rule === 'majority' && result.tally.for === result.tally.against,
    tally: { ...result.tally },
    explanation: [...result.explanation],
    ...('castingVote' in result && result.castingVote
      ? { castingVote: { ...result.castingVote } }
      : {}),
  };
}
