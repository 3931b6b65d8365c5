import type { DecisionNotice, DecisionNoticeInput } from '../decision-notice';
import type { OfficerDecisionContext } from './officer-delegated-decision.machine';

/**
 * The written record of an officer's decision under delegation (reg 13(4) of the 2012
 * Regulations): the decision and its date, the reasons, the alternatives considered and rejected,
 * the conflicts of interest declared by a Cabinet member consulted and the dispensations granted,
 * and the background papers; in the register's shape (`DecisionNotice`, kind "officer"). Null until
 * a decision is recorded. Pure: no database, no clock.
 */
export function officerDecisionNotice(input: DecisionNoticeInput): DecisionNotice | null {
  const c = input.context as OfficerDecisionContext;
  const d = c.decision;
  if (!d || !c.matter) return null;
  const maker = input.roles.decisionMaker;
  const p = c.publication;
  const calledIn = c.callIn && !c.callIn.outcome;
  const status = !p
    ? 'not yet published'
    : calledIn
      ? `called in on ${c.callIn!.calledInOn}: not implementable until scrutiny has dealt with it`
      : c.callIn?.outcome
        ? `called in on ${c.callIn.calledInOn}; decision confirmed on ${c.callIn.outcome.recordedOn}`
        : p.callIn
          ? `subject to call-in until ${p.callIn.endsOn}`
          : `not subject to call-in: ${p.callInExplanation[0] ?? ''}`;
  return {
    caseId: input.caseId,
    title: input.title,
    itemTitle: input.title,
    decision: d.decision,
    decidedOn: d.decidedOn,
    reasons: d.reasons,
    alternativesRejected: d.alternativesRejected,
    amount: null,
    interests: c.consultations.flatMap((k) =>
      k.conflict
        ? [
            {
              name: k.name,
              kind: 'conflict of interest',
              nature: k.conflict,
              effect: [k.dispensation ? 'dispensation granted' : 'no dispensation recorded'],
            },
          ]
        : [],
    ),
    dispensations: [],
    decisionMaker: {
      name: maker?.person?.name ?? null,
      actingAs: maker?.actingAs ?? 'the officer holding the delegation',
      authority: [
        `under delegation: ${maker?.actingAs ?? 'the scheme of delegation to officers'}`,
        // The rule's lines quote the matter; the notice names it once, so that withholding an
        // exempt one (the register) leaves it nowhere else.
        ...d.keyDecisionCheck.map((l) => l.trim().split(c.matter!.summary).join('the matter')),
      ],
    },
    properOfficer: { name: null, actingAs: 'not required for an officer decision' },
    signatures: { decisionMaker: d.decidedOn, properOfficer: null },
    keyDecision: c.matter.keyDecision,
    meeting: { date: d.decidedOn, quorum: [], showOfHands: [] },
    publishedOn: p?.publishedOn ?? null,
    callIn: {
      status,
      explanation: p?.callIn ? p.callIn.explanation : (p?.callInExplanation ?? []),
    },
    urgencyExemption: null,
    implementableFrom:
      c.implementableOn ?? (calledIn ? null : (p?.callIn?.implementableFrom ?? null)),
    rulesVersion: `officer-delegated-decision v${input.templateVersion}`,
    kind: 'officer',
    consultations: c.consultations.map((k) => ({
      name: k.name,
      actingAs: k.actingAs,
      consultedOn: k.consultedOn,
      views: k.views,
      conflict: k.conflict,
      dispensation: k.dispensation
        ? `granted by ${k.dispensation.grantedBy} on ${k.dispensation.grantedOn} (${k.dispensation.reference})`
        : null,
    })),
    backgroundPapers: d.backgroundPapers,
  };
}
