import { templateEmails } from '../template-emails';

/**
 * What the emails of the Better Care Fund plan approved under delegation (seed 002) say: each
 * message its machines notify, the deadlines its reminders and escalations name, and the captions
 * of its links' pages.
 */
export const bcfDelegatedSignOffEmails = templateEmails({
  messages: {
    'agreement-requested': (p) => ({
      subject: `Your agreement is needed: ${p.caseTitle}`,
      lead: `Please read the plan and say whether you agree it. The HWBB chair approves it under delegation once both the Chief Executive and the Accountable Officer agree.`,
      due: 'Agreement is needed before the national submission deadline',
    }),
    'approval-requested': (p) => ({
      subject: `Your approval is needed under delegation: ${p.caseTitle}`,
      lead: `The Chief Executive and the Accountable Officer have agreed the plan. Please approve it, or reject it with reasons, under the Board's delegation.`,
      due: 'Approval is needed before the national submission deadline',
    }),
    'plan-rejected': (p) => ({
      subject: `Plan returned to drafting: ${p.caseTitle}`,
      lead: 'The plan was rejected with reasons and has returned to drafting. Both agreements must be given again.',
    }),
    'ready-to-submit': (p) => ({
      subject: `Approved and ready to submit: ${p.caseTitle}`,
      lead: 'The plan has been approved under delegation. Submit it to the regional BCF team and record the submission.',
      due: 'Submit by',
    }),
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
    'noting-required': (p) => ({
      subject: `The HWBB must note the delegated approval: ${p.caseTitle}`,
      lead: 'Because the plan was approved under delegation, the Health and Wellbeing Board must note the approval at a meeting.',
      due: 'It must be noted before',
    }),
    'noting-reminder': (p) => ({
      subject: `Reminder: the HWBB has not yet noted ${p.caseTitle}`,
      lead: 'The Board has not yet noted the delegated approval.',
      due: 'It must be noted before',
    }),
    'noting-overdue': (p) => ({
      subject: `Escalation: noting deadline passed for ${p.caseTitle}`,
      lead: 'The Board did not note the delegated approval before the deadline.',
      due: 'The deadline was',
    }),
    'reassign-needed': (p) => ({
      subject: `Reassign a role on ${p.caseTitle}`,
      lead: 'Someone who withdrew after declaring an interest would be asked next. Reassign their role to a deputy so that the case can go on.',
    }),
    'interest-declared': (p) => ({
      subject: `Interest declared on ${p.caseTitle}`,
      lead: 'Someone asked to agree or approve has declared an interest. If they withdrew, reassign their role to a deputy so that the case can go on.',
    }),
    'case-closed': (p) => ({
      subject: `Closed: ${p.caseTitle}`,
      lead: 'The plan is assured and the delegated approval has been noted. The case is closed.',
    }),
  },
  deadlines: {
    submission: 'national submission',
    assurance: 'assurance',
    noting: 'noting by the Health and Wellbeing Board',
  },
  linkCaptions: {
    'agreement-requested': 'Your agreement is asked for',
    'approval-requested': 'Your approval under delegation is asked for',
  },
});
