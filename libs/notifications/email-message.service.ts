/** What an outbox email row carries, written by the engine's effect planner. */
export interface EmailPayload {
  message: string;
  role: string;
  actingAs: string;
  to: { id: string; name: string; email: string };
  caseTitle: string;
  caseVersion: number;
}

const SUBJECTS: Record<string, (p: EmailPayload) => string> = {
  'agreement-requested': (p) => `Your agreement is needed: ${p.caseTitle}`,
  'approval-requested': (p) => `Your approval is needed under delegation: ${p.caseTitle}`,
  'plan-rejected': (p) => `Plan returned to drafting: ${p.caseTitle}`,
  'ready-to-submit': (p) => `Approved and ready to submit: ${p.caseTitle}`,
  'submission-reminder': (p) => `Reminder: submission deadline approaching for ${p.caseTitle}`,
  'submission-overdue': (p) => `Escalation: submission deadline passed for ${p.caseTitle}`,
  'assurance-overdue': (p) =>
    `Assurance outcome overdue: chase the regional team for ${p.caseTitle}`,
  'plan-not-approved': (p) => `Not approved by the regional team: ${p.caseTitle}`,
  'noting-required': (p) => `The HWBB must note the delegated approval of ${p.caseTitle}`,
  'noting-reminder': (p) => `Reminder: the HWBB has not yet noted ${p.caseTitle}`,
  'noting-overdue': (p) => `Escalation: noting deadline passed for ${p.caseTitle}`,
  'case-closed': (p) => `Closed: ${p.caseTitle}`,
};

/** A plain, readable email; the richer, accessible set comes with email action links. */
export function renderEmail(
  effectId: string,
  p: EmailPayload,
  publicOrigin: string,
  caseId: string,
) {
  const subject = (SUBJECTS[p.message] ?? ((x: EmailPayload) => `Update on ${x.caseTitle}`))(p);
  const link = new URL(`/api/cases/${caseId}`, publicOrigin).toString();
  const text = [
    `Dear ${p.to.name},`,
    '',
    subject,
    '',
    `You receive this as ${p.actingAs}.`,
    `Case: ${p.caseTitle}`,
    `Details: ${link}`,
  ].join('\n');
  return { subject, text, messageId: `<${effectId}@ratify.invalid>` };
}
