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
    // Sent by version 2 only (bcf-delegated-sign-off-v2.machine.ts): the regional team's request
    // for more information, and the conditions' owners and due dates.
    'information-requested': (p) => ({
      subject: `The regional team asks for more information: ${p.caseTitle}`,
      lead: 'The regional BCF team asked for more information before giving its assurance verdict. The assurance deadline is paused until the information is given; record it on the case when it is sent.',
      due: 'The regional team asks for it by',
    }),
    'information-reminder': (p) => ({
      subject: `Reminder: the regional team is waiting for information on ${p.caseTitle}`,
      lead: 'The information the regional BCF team asked for has not yet been recorded as given.',
      due: 'It is asked for by',
    }),
    'information-overdue': (p) => ({
      subject: `Escalation: information for the regional team is late on ${p.caseTitle}`,
      lead: 'The date the regional BCF team gave for more information has passed and it has not been recorded as given. The assurance verdict waits for it.',
      due: 'It was asked for by',
    }),
    'information-given': (p) => ({
      subject: `Information given to the regional team: ${p.caseTitle}`,
      lead: 'The information the regional BCF team asked for was given. The assurance deadline runs again, moved by the days the request was open.',
      due: 'The assurance outcome is now expected by',
    }),
    'conditions-owned': (p) => ({
      subject: `Assurance conditions to meet: ${p.caseTitle}`,
      lead: 'The regional BCF team approved the plan with conditions. Each condition has an owner and a due date; the case lists them. The officer marks each one met, with its evidence.',
      due: 'The first condition is due by',
    }),
    'condition-assigned': (p) => ({
      subject: `An assurance condition has a new owner or due date: ${p.caseTitle}`,
      lead: 'A condition of the plan’s assurance was handed to a new owner or given a new due date. The case lists each condition with its owner and due date.',
      due: 'The first open condition is due by',
    }),
    'condition-reminder': (p) => ({
      subject: `Reminder: an assurance condition you own is due on ${p.caseTitle}`,
      lead: 'A condition of the plan’s assurance that you own has not yet been met.',
      due: 'The first open condition is due by',
    }),
    'condition-overdue': (p) => ({
      subject: `Escalation: an assurance condition is overdue on ${p.caseTitle}`,
      lead: 'A condition of the plan’s assurance was not met by its due date. The case shows which.',
      due: 'The first open condition was due by',
    }),
  },
  deadlines: {
    submission: 'national submission',
    assurance: 'assurance',
    noting: 'noting by the Health and Wellbeing Board',
    information: 'information for the regional team',
  },
  linkCaptions: {
    'agreement-requested': 'Your agreement is asked for',
    'approval-requested': 'Your approval under delegation is asked for',
  },
});
