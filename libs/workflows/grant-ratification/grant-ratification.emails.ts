import { templateEmails } from '../template-emails';

/**
 * What the emails of grant ratification (seed 002) say: each message its machines notify, the
 * deadlines its reminders and escalations name.
 */
export const grantRatificationEmails = templateEmails({
  messages: {
    'ratification-required': (p) => ({
      subject: `For ratification by the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'Cabinet and Council have decided. Put the decision to the Health and Wellbeing Board for ratification and record the outcome.',
      due: 'It must be ratified by',
    }),
    'grant-decided': (p) => ({
      subject: `Decided: ${p.caseTitle}`,
      lead: 'The grant has been decided and ratified. The case is closed.',
    }),
  },
  deadlines: {
    cabinet: 'Cabinet decision',
    council: 'Council decision',
    ratification: 'ratification',
  },
});
