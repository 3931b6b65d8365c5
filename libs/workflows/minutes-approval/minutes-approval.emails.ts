import { templateEmails } from '../template-emails';

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
    'correction-requested': (p) => ({
      subject: `Minutes returned for correction: ${p.caseTitle}`,
      lead: 'The chair returned the minutes: they do not match what the Board approved. Correct them and send them for signature again.',
    }),
    'minutes-signed': (p) => ({
      subject: `Minutes signed: ${p.caseTitle}`,
      lead: 'The chair has signed the minutes as a correct record. The case is closed.',
    }),
    'minutes-overdue': (p) => ({
      subject: `Escalation: minutes not approved by the meeting: ${p.caseTitle}`,
      lead: 'The meeting at which the minutes were to be approved has passed without them being approved and signed.',
      due: 'The meeting was on',
    }),
  },
  deadlines: {
    meeting: 'meeting',
  },
});
