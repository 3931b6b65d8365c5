import { templateEmails } from '../template-emails';

/**
 * What the emails of the Better Care Fund plan signed off by the full board (seed 002, item 8)
 * say (every version): each message its machines notify, the deadlines its reminders and
 * escalations name.
 */
export const bcfBoardSignOffEmails = templateEmails({
  messages: {
    'submission-reminder': (p) => ({
      subject: `Reminder: ${p.caseTitle} is waiting for you`,
      lead: 'The case is still waiting for your response.',
      due: 'The national submission deadline is',
    }),
    'submission-overdue': (p) => ({
      subject: `Escalation: submission deadline passed for ${p.caseTitle}`,
      lead: 'The national submission deadline has passed and the plan has not been recorded as submitted.',
      due: 'The deadline was',
    }),
    'assurance-overdue': (p) => ({
      subject: `Assurance outcome overdue: ${p.caseTitle}`,
      lead: 'The regional assurance outcome was expected and has not been recorded. Please chase the regional BCF team.',
      due: 'It was expected by',
    }),
    'plan-not-approved': (p) => ({
      subject: `Not approved by the regional team: ${p.caseTitle}`,
      lead: 'The regional team did not approve the plan. It returns to drafting for revision, fresh agreement and resubmission.',
    }),
    'plan-approval-requested': (p) => ({
      subject: `Your approval of the final plan is needed: ${p.caseTitle}`,
      lead: 'The Health and Wellbeing Board has agreed how the final plan is approved. Please approve it for your organisation, or reject it with reasons.',
      due: 'Approval is needed before the national submission deadline',
    }),
    'arrangements-not-agreed': (p) => ({
      subject: `Arrangements not agreed by the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'The Board’s meeting deferred or referred back the arrangements for approving the final plan. Put them on the agenda of a later meeting: the case takes that meeting’s show of hands.',
      due: 'The national submission deadline is',
    }),
    'plan-returned': (p) => ({
      subject: `Plan returned for revision: ${p.caseTitle}`,
      lead: 'The plan was rejected with reasons and returns for revision. Every approval must be given again.',
    }),
    // Version 2 only (its machines' messages are worded here, where the contract spec looks).
    'hwbb-deferred': (p) => ({
      subject: `Deferred by the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'The Board’s meeting deferred its approval of the plan. Put the plan on the agenda of a later meeting: the case takes that meeting’s show of hands.',
      due: 'Approval is needed before the national submission deadline',
    }),
    'plan-ready-to-submit': (p) => ({
      subject: `Approved by all partners and ready to submit: ${p.caseTitle}`,
      lead: 'Every approval has been given. Submit the plan to the regional BCF team and record the submission.',
      due: 'Submit by',
    }),
    'plan-assured': (p) => ({
      subject: `Assured by the regional team: ${p.caseTitle}`,
      lead: 'The regional BCF team has assured the plan and every condition is met. The case is closed.',
    }),
  },
  deadlines: { submission: 'national submission', assurance: 'assurance outcome' },
});
