import { templateEmails } from '../template-emails';

/**
 * What the emails of grant ratification (seed 002) say (every version): each message its machines
 * notify, the deadlines its reminders and escalations name. Version 2 adds Cabinet's
 * recommendation put to Full Council and Council's referral back to Cabinet.
 */
export const grantRatificationEmails = templateEmails({
  messages: {
    'ratification-required': (p) => ({
      subject: `For ratification by the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'Cabinet and Council have decided. Put the decision to the Health and Wellbeing Board for ratification and record the outcome.',
      due: 'It must be ratified by',
    }),
    'recommended-to-council': (p) => ({
      subject: `Cabinet’s recommendation for Full Council: ${p.caseTitle}`,
      lead: 'Cabinet has made its recommendation on the grant. Put it on Full Council’s agenda and record Council’s decision.',
      due: 'Full Council meets on',
    }),
    'referred-back-to-cabinet': (p) => ({
      subject: `Referred back to Cabinet by Full Council: ${p.caseTitle}`,
      lead: 'Full Council referred Cabinet’s recommendation back for reconsideration. Put it on Cabinet’s agenda and record Cabinet’s new recommendation.',
      due: 'Cabinet meets on',
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
