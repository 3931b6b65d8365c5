import type { UrgencyExemptionRecord } from './jcb-delegated-decision-v2.machine';
import type { DecisionNotice, RoleHolder } from '../decision-notice';
import type { JcbContext } from './jcb-delegated-decision.context';

/**
 * The Decision Notice of reg 12 of the Local Authorities (Executive Arrangements)(Meetings and
 * Access to Information)(England) Regulations 2012, built from a JCB case's context and its role
 * holders: the decision and its date, reasons, alternatives considered and rejected, interests
 * declared and dispensations, the decision maker and the authority they acted under, key decision
 * or not, call-in status and the date it becomes implementable. Pure: no database, no clock.
 * Version 2 cases may be exempt from call-in as urgent: the notice says so, by whom and why.
 */

export type { DecisionNotice, RoleHolder } from '../decision-notice';

export function buildDecisionNotice(input: {
  caseId: string;
  title: string;
  templateVersion: number;
  stateKey: string;
  context: JcbContext & { urgencyExemption?: UrgencyExemptionRecord | null };
  roles: Record<string, RoleHolder | undefined>;
}): DecisionNotice | null {
  const { context: c, roles } = input;
  const u = c.urgencyExemption ?? null;
  const d = c.decision;
  if (!d || !c.notices || !c.meeting || !c.showOfHands) return null;
  const facts = c.meeting.facts as {
    dispensations?: { personId: string; id: string; grantor: string; endsOn: string }[];
  };
  return {
    caseId: input.caseId,
    title: input.title,
    itemTitle: c.notices.itemTitle,
    decision: d.decision,
    decidedOn: d.decidedOn,
    reasons: d.reasons,
    alternativesRejected: d.alternativesRejected,
    amount: d.amount,
    interests: c.meeting.interests.map((i) => ({
      name: i.name,
      kind: i.kind,
      nature: i.nature,
      effect: i.effect,
    })),
    dispensations: (facts.dispensations ?? []).map((x) => ({
      personId: x.personId,
      id: x.id,
      grantor: x.grantor,
      endsOn: x.endsOn,
    })),
    decisionMaker: {
      name: roles.decisionMaker?.person?.name ?? null,
      actingAs: roles.decisionMaker?.actingAs ?? '',
      authority: d.delegationCheck,
    },
    properOfficer: {
      name: roles.properOfficer?.person?.name ?? null,
      actingAs: roles.properOfficer?.actingAs ?? '',
    },
    signatures: c.signatures,
    keyDecision: c.notices.keyDecision,
    meeting: {
      date: c.meeting.meetingDate,
      quorum: c.meeting.quorum.explanation,
      showOfHands: c.showOfHands.explanation,
    },
    publishedOn: c.publication?.publishedOn ?? null,
    callIn: callInStatus(input.stateKey, c, u),
    urgencyExemption: u
      ? {
          agreedBy: u.approver.name,
          actingAs: u.approver.actingAs,
          agreedOn: u.agreedOn,
          reason: u.reason,
        }
      : null,
    implementableFrom: c.implementableOn ?? c.publication?.implementableFrom ?? null,
    rulesVersion: `rules as at version ${input.templateVersion} of the jcb-delegated-decision workflow`,
  };
}

function callInStatus(
  stateKey: string,
  c: JcbContext,
  u: UrgencyExemptionRecord | null,
): { status: string; explanation: string[] } {
  const p = c.publication;
  if (!c.notices?.keyDecision)
    return { status: 'not a key decision: not subject to call-in', explanation: [] };
  if (u)
    return {
      status: `exempt from call-in: urgent, agreed by ${u.approver.name} (${u.approver.actingAs}) on ${u.agreedOn}; reason: ${u.reason}`,
      explanation: p ? p.explanation : u.explanation,
    };
  if (!p)
    return { status: 'not yet published: the call-in period has not started', explanation: [] };
  if (c.callIn && !c.callIn.outcome)
    return {
      status: `called in on ${c.callIn.calledInOn} by ${c.callIn.calledInBy}: suspended until the outcome is recorded`,
      explanation: p.explanation,
    };
  if (c.callIn?.outcome)
    return {
      status: `called in on ${c.callIn.calledInOn}; outcome ${c.callIn.outcome.recordedOn}: ${c.callIn.outcome.result === 'decisionConfirmed' ? 'decision confirmed' : 'referred back to the decision maker'}`,
      explanation: p.explanation,
    };
  if (stateKey === 'implementable')
    return { status: 'the call-in period passed without call-in', explanation: p.explanation };
  return { status: `call-in period running until ${p.callInEndsOn}`, explanation: p.explanation };
}
