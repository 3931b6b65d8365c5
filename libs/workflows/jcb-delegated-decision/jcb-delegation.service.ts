import {
  CABINET_MEMBER_SPEND_CONDITION,
  checkDecisionUnderDelegation,
  type Delegation,
} from '../../governance/delegation-limits.service';
import type { LineWording } from '../../governance/governance.errors';
import { councilRules } from '../council-context.service';

/**
 * The decision under delegation (ToR 8.1, 8.4; report para 28: £2M, all 3 Cabinet members): the
 * terms a decision is checked against and the check itself, shared by every JCB version.
 */

/** The kind of decision the JCB delegation covers (the delegation's scope in the directory). */
export const JCB_DECISION_SCOPE = 'jcb-delegated-decision';

/** The JCB delegation's terms by the decision maker's seat. */
export function jcbDelegation(actingAs: 'cabinetMember' | 'ccgMember'): Delegation {
  const cabinet = actingAs === 'cabinetMember';
  return {
    id: `jcb-${actingAs}`,
    grantor: cabinet ? 'Cabinet (Financial Procedure Rules)' : 'CCG Governing Body',
    delegate: {
      kind: 'person',
      personId: 'delegate',
      name: cabinet
        ? 'the Cabinet member holding the JCB delegation'
        : 'the CCG Governing Body member holding the JCB delegation',
    },
    scope: [JCB_DECISION_SCOPE],
    amountLimit: cabinet ? 2_000_000 : null,
    conditions: cabinet
      ? [{ kind: 'requiresJcbConsensus' }, CABINET_MEMBER_SPEND_CONDITION]
      : [{ kind: 'requiresJcbConsensus' }],
    validFrom: new Date('2000-01-01T00:00:00Z'),
    validUntil: null,
    revokedAt: null,
    grantedUnderDelegationId: null,
    reference: cabinet
      ? 'JCB ToR 8.1 and report para 28: a Cabinet member may commit up to £2M when all 3 Cabinet members on the Board agree'
      : 'JCB ToR 8.1: decisions under delegation only after the Board’s consensus',
  };
}

export type DecisionPayload = {
  decidedOn: string;
  amount?: number | null;
  actingAs: 'cabinetMember' | 'ccgMember';
  cabinetMembersAgreeing: string[];
};

/**
 * The terms the decision is checked against: the delegation that fills the decision maker's role,
 * as the directory stores it (its limit and conditions are data, not code). Outside a case (a
 * payload checked on its own), the seed's terms for the seat named in `actingAs`.
 */
function delegationOfCase(p: DecisionPayload): Delegation {
  const directory = councilRules().directory;
  const binding = directory?.roles.decisionMaker;
  const stored =
    binding?.kind === 'delegation'
      ? directory?.delegations.find((d) => d.id === binding.delegationId)
      : undefined;
  if (!stored) return jcbDelegation(p.actingAs);
  return {
    id: stored.id,
    grantor: stored.delegatorBodyName,
    delegate: { kind: 'person', personId: 'delegate', name: stored.delegateOfficeTitle },
    scope: [stored.scope],
    amountLimit: stored.amountLimit ?? null,
    conditions: (stored.conditions ?? []) as Delegation['conditions'],
    validFrom: stored.validFrom,
    validUntil: stored.validUntil,
    revokedAt: stored.revokedAt,
    grantedUnderDelegationId: null,
    reference: stored.reference,
  };
}

/**
 * The decision checked against its delegation (versions 1 to 4, and version 3's drafts), its lines
 * in the version's wording (versions 1 to 8 as they recorded them).
 */
export function delegationCheck(p: DecisionPayload, wording: LineWording = 'recorded') {
  return checkDecisionUnderDelegation(
    delegationOfCase(p),
    {
      kind: JCB_DECISION_SCOPE,
      amount: p.amount ?? null,
      proposerPersonId: 'report-author',
      deciderPersonId: 'delegate',
      deciderOfficeIds: [],
      at: new Date(`${p.decidedOn}T12:00:00Z`),
      // The machine takes a decision only in the state reached by the Board's consensus.
      evidence: { jcbConsensus: true, cabinetMembersAgreeing: p.cabinetMembersAgreeing },
    },
    wording,
  );
}
