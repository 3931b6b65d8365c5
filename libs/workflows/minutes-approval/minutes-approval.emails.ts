import { templateEmails, type CaseEmailFacts } from '../template-emails';
import type { MinutesV3Context } from './minutes-approval-v3.machine';

/** "The chair", or whoever else signs, to begin a sentence. */
const signerWords = (signer: string | undefined) => {
  const who = signer ?? 'the chair';
  return who.charAt(0).toUpperCase() + who.slice(1);
};

/**
 * Who signs, once the Board's approval has said (version 2's context: the chair, or the vice-chair
 * in the chair's place; version 3's: or the member who presided, by name once named); version 1's,
 * once its approval is recorded (`resolution`), is the chair. Before the approval: no signer.
 */
function signerOf(context: unknown): CaseEmailFacts {
  const facts = context as Partial<MinutesV3Context> | null;
  const signer = facts?.signer;
  if (!signer) return facts?.resolution ? { signer: 'the chair' } : {};
  if (signer.role === 'chair') return { signer: 'the chair' };
  // Version 3 on: the member who presided (a correction of fact: they were called the vice-chair).
  if (signer.role === 'presiding')
    return {
      signer: `the member who presided at the meeting${signer.name ? ` (${signer.name})` : ''}`,
    };
  return {
    signer: `the vice-chair in the place of the chair${signer.inPlaceOf ? ` (${signer.inPlaceOf})` : ''}`,
  };
}

/**
 * What the emails of minutes approval (workflow 7, every version) say: each message its machines notify, the
 * deadlines its reminders and escalations name.
 */
export const minutesApprovalEmails = templateEmails({
  messages: {
    'signature-requested': (p) => ({
      subject: `Your signature is needed on the minutes: ${p.caseTitle}`,
      lead: 'The Board approved the minutes as a correct record. Please sign them, or return them if they do not show the amendments the Board made.',
      due: 'They are to be signed by',
    }),
    // Version 2: the vice-chair signs in the chair's place (the link's page says whose and why).
    'signature-requested-in-place': (p) => ({
      subject: `Your signature is needed on the minutes, in the chair’s place: ${p.caseTitle}`,
      lead: 'The Board approved the minutes as a correct record at its meeting, and the chair is absent. As vice-chair, please sign them in the chair’s place, or return them if they do not show the amendments the Board made.',
      due: 'They are to be signed by',
    }),
    // Version 3: neither the chair nor the vice-chair can sign; the member who presided does.
    'presiding-member-to-name': (p) => ({
      subject: `Name the member who presided, to sign the minutes: ${p.caseTitle}`,
      lead: 'The Board approved the minutes as a correct record at its meeting, but neither the chair nor the vice-chair can sign them. On the meeting’s page, choose the member who presided at that meeting: they will be asked to sign.',
      due: 'They are to be signed by',
    }),
    'signature-requested-presiding': (p) => ({
      subject: `Your signature is needed on the minutes, as the member who presided: ${p.caseTitle}`,
      lead: 'The Board approved the minutes as a correct record at the meeting at which you presided, and neither the chair nor the vice-chair can sign them. Please sign them, or return them if they do not show the amendments the Board made.',
      due: 'They are to be signed by',
    }),
    'correction-requested': (p) => ({
      subject: `Minutes returned for correction: ${p.caseTitle}`,
      lead: `${signerWords(p.signer)} returned the minutes: they do not match what the Board approved. Correct them and send them for signature again.`,
    }),
    'minutes-signed': (p) => ({
      subject: `Minutes signed: ${p.caseTitle}`,
      lead: `${signerWords(p.signer)} has signed the minutes as a correct record. The case is closed.`,
    }),
    // Sent when the meeting's day ends with the minutes unsigned, approved or not (every version).
    'minutes-overdue': (p) => ({
      subject: p.signer
        ? `Escalation: minutes approved but not yet signed: ${p.caseTitle}`
        : `Escalation: minutes not approved by the meeting: ${p.caseTitle}`,
      // Once the Board has approved them, only the signature is missing: whose, in words.
      lead: p.signer
        ? `The Board approved the minutes at its meeting, and the day has passed without them being signed by ${p.signer}.`
        : 'The meeting at which the minutes were to be approved has passed without them being approved and signed.',
      due: 'The meeting was on',
    }),
  },
  deadlines: {
    meeting: 'meeting',
  },
  factsOf: signerOf,
});
