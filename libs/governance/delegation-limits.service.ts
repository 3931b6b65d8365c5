import { metOrNot, type LineWording } from './governance.errors';
import { londonDate } from './working-day-calendar.service';
import { describeDay } from './clear-days.service';

/**
 * Whether a decision may be taken under a delegation: by its delegate (an office holder or a named
 * person), within its scope and financial limit, while it is in force, with its conditions met,
 * never through a delegation made by a delegate (no cascade), and never by the person who
 * proposed it (no self-approval). Every check is explained, met or not; a refusal carries the code
 * of the first check that failed and the codes of all that failed.
 *
 * JCB (seed 002): decisions are taken by the individual member who holds the delegation, after the
 * Board's consensus (ToR 8.1, 8.4); a Cabinet member may commit up to £2M only when all 3 Cabinet
 * members on the Board agree (Other Legal Implications, para 28).
 */

export type DelegationCondition =
  { kind: 'requiresJcbConsensus' } | { kind: 'unanimousCabinetMembers'; count: number };

export type Delegate =
  | { kind: 'office'; officeId: string; title: string }
  | { kind: 'person'; personId: string; name: string };

export interface Delegation {
  id: string;
  /** The body or office that granted it: "Cabinet", "CCG Governing Body". */
  grantor: string;
  delegate: Delegate;
  /** The kinds of decision it covers. */
  scope: string[];
  /** The most it may commit, in pounds; null when it sets no financial limit. */
  amountLimit: number | null;
  conditions: DelegationCondition[];
  validFrom: Date;
  /** Exclusive: the delegation has ended at this instant. */
  validUntil: Date | null;
  revokedAt: Date | null;
  /** Set when the grantor was itself acting under a delegation: a cascade, always refused. */
  grantedUnderDelegationId: string | null;
  reference: string;
}

export interface ProposedDecision {
  kind: string;
  /** Pounds committed; null for a decision that commits no money. */
  amount: number | null;
  proposerPersonId: string;
  deciderPersonId: string;
  /** The offices the decider holds when deciding. */
  deciderOfficeIds: string[];
  at: Date;
  evidence: {
    /** The outcome of the Board's show of hands. */
    jcbConsensus?: boolean;
    /** Cabinet members on the Board recorded as agreeing. */
    cabinetMembersAgreeing?: string[];
  };
}

export type DelegationRefusalCode =
  | 'NOT_THE_DELEGATE'
  | 'CASCADE_FORBIDDEN'
  | 'NOT_IN_FORCE'
  | 'OUTSIDE_SCOPE'
  | 'OVER_LIMIT'
  | 'INVALID_AMOUNT'
  | 'CONDITION_NOT_MET'
  | 'SELF_APPROVAL';

export type DelegationCheck =
  | { ok: true; explanation: string[] }
  | {
      ok: false;
      code: DelegationRefusalCode;
      codes: DelegationRefusalCode[];
      explanation: string[];
    };

/** The seed's Cabinet-member delegation: up to £2M, only with all 3 Cabinet members agreeing. */
export const CABINET_MEMBER_SPEND_CONDITION: DelegationCondition = {
  kind: 'unanimousCabinetMembers',
  count: 3,
};

const pounds = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});

export function formatPounds(amount: number): string {
  return pounds.format(amount);
}

export function describeCondition(c: DelegationCondition): string {
  switch (c.kind) {
    case 'requiresJcbConsensus':
      return 'the Joint Commissioning Board has reached consensus';
    case 'unanimousCabinetMembers':
      return `all ${c.count} Cabinet members on the Board agree`;
  }
}

function conditionMet(c: DelegationCondition, d: ProposedDecision): { met: boolean; line: string } {
  switch (c.kind) {
    case 'requiresJcbConsensus': {
      const met = d.evidence.jcbConsensus === true;
      return {
        met,
        line: `condition: ${describeCondition(c)}; ${met ? 'consensus recorded' : 'no consensus recorded'}: ${metOrNot(met)}`,
      };
    }
    case 'unanimousCabinetMembers': {
      const agreeing = new Set(d.evidence.cabinetMembersAgreeing ?? []).size;
      const met = agreeing >= c.count;
      return {
        met,
        line: `condition: ${describeCondition(c)}; ${agreeing} of ${c.count} agree: ${metOrNot(met)}`,
      };
    }
  }
}

function describeDelegate(d: Delegate): string {
  switch (d.kind) {
    case 'office':
      return `the holder of the office ${d.title}`;
    case 'person':
      return d.name;
  }
}

export function checkDecisionUnderDelegation(
  delegation: Delegation,
  decision: ProposedDecision,
  wording: LineWording = 'recorded',
): DelegationCheck {
  const people = wording === 'people';
  const failed: DelegationRefusalCode[] = [];
  const explanation = [
    `delegation ${delegation.reference} from ${delegation.grantor} to ${describeDelegate(delegation.delegate)}`,
  ];
  const check = (code: DelegationRefusalCode, met: boolean, line: string) => {
    if (!met) failed.push(code);
    explanation.push(line);
  };

  const d = delegation.delegate;
  const isDelegate =
    d.kind === 'office'
      ? decision.deciderOfficeIds.includes(d.officeId)
      : decision.deciderPersonId === d.personId;
  check(
    'NOT_THE_DELEGATE',
    isDelegate,
    `the decider ${isDelegate ? 'is' : 'is not'} ${describeDelegate(d)}: ${metOrNot(isDelegate)}`,
  );

  const cascade = delegation.grantedUnderDelegationId !== null;
  check(
    'CASCADE_FORBIDDEN',
    !cascade,
    cascade
      ? people
        ? 'it was made by a delegate, under a delegation made to it; a delegate may not delegate again: not met'
        : `it was made under delegation ${delegation.grantedUnderDelegationId}; a delegate may not delegate again: not met`
      : 'it was made by the grantor in its own right, not by a delegate: met',
  );

  const at = decision.at;
  const day = describeDay(londonDate(at));
  let inForce = true;
  let forceLine = `in force on ${day}`;
  if (delegation.validFrom > at) {
    inForce = false;
    forceLine = `not in force until ${describeDay(londonDate(delegation.validFrom))}`;
  } else if (delegation.revokedAt && delegation.revokedAt <= at) {
    inForce = false;
    forceLine = `revoked ${describeDay(londonDate(delegation.revokedAt))}`;
  } else if (delegation.validUntil && delegation.validUntil <= at) {
    inForce = false;
    forceLine = `ended ${describeDay(londonDate(delegation.validUntil))}`;
  }
  check('NOT_IN_FORCE', inForce, `${forceLine}; decision on ${day}: ${metOrNot(inForce)}`);

  const inScope = delegation.scope.includes(decision.kind);
  check(
    'OUTSIDE_SCOPE',
    inScope,
    people
      ? `the decision is ${inScope ? '' : 'not '}of a kind the delegation covers: ${metOrNot(inScope)}`
      : `decision kind "${decision.kind}" ${inScope ? 'is' : 'is not'} within its scope (${delegation.scope.join(', ')}): ${metOrNot(inScope)}`,
  );

  if (decision.amount !== null) {
    const valid = Number.isFinite(decision.amount) && decision.amount >= 0;
    if (!valid)
      check(
        'INVALID_AMOUNT',
        false,
        `the amount ${decision.amount} is not a sum of money: not met`,
      );
  }
  if (delegation.amountLimit !== null) {
    const amount = decision.amount ?? 0;
    const within = amount <= delegation.amountLimit;
    check(
      'OVER_LIMIT',
      within,
      `${formatPounds(amount)} against a limit of ${formatPounds(delegation.amountLimit)}: ${metOrNot(within)}`,
    );
  }

  for (const c of delegation.conditions) {
    const { met, line } = conditionMet(c, decision);
    check('CONDITION_NOT_MET', met, line);
  }

  const self = decision.proposerPersonId === decision.deciderPersonId;
  check(
    'SELF_APPROVAL',
    !self,
    self
      ? 'the decider proposed this decision and may not approve their own proposal: not met'
      : 'the decider did not propose it: met',
  );

  if (failed.length === 0) {
    explanation.push('may be decided under this delegation');
    return { ok: true, explanation };
  }
  const codes = [...new Set(failed)];
  explanation.push(`refused: ${codes.join(', ')}`);
  return { ok: false, code: codes[0], codes, explanation };
}
