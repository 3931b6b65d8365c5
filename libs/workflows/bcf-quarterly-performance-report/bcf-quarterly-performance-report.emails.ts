import { templateEmails } from '../template-emails';

/**
 * What the emails of the BCF quarterly performance report (seed 001) say: each message its
 * machines notify (version 3's meetings deferring or referring the report back too), the deadlines
 * its reminders and escalations name.
 */
export const bcfQuarterlyPerformanceReportEmails = templateEmails({
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
    'report-for-hwbb': (p) => ({
      subject: `For the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'The report has been signed off by the Joint Commissioning Board. Put it on the agenda of the Health and Wellbeing Board.',
    }),
    'jcb-deferred': (p) => ({
      subject: `Deferred by the Joint Commissioning Board: ${p.caseTitle}`,
      lead: 'The Board’s meeting deferred its sign-off of the report (no consensus). Put the report on the agenda of a later meeting of the Board: the case takes that meeting’s show of hands.',
      due: 'The report is due at NHS England by',
    }),
    'hwbb-deferred': (p) => ({
      subject: `Deferred by the Health and Wellbeing Board: ${p.caseTitle}`,
      lead: 'The Board’s meeting deferred the year-end report. Put it on the agenda of a later meeting of the Board: the case takes that meeting’s show of hands.',
      due: 'The report is due at NHS England by',
    }),
    'report-referred-back': (p) => ({
      subject: `Referred back: ${p.caseTitle}`,
      lead: 'A Board’s meeting referred the report back. Revise it with the finance and performance group and put it on the agenda of a later meeting of the Joint Commissioning Board: the case takes that meeting’s show of hands.',
      due: 'The report is due at NHS England by',
    }),
    'report-ready-to-submit': (p) => ({
      subject: `Ready to submit: ${p.caseTitle}`,
      lead: 'The report has been signed off. Submit it to NHS England and record the submission.',
      due: 'Submit by',
    }),
    'report-submitted': (p) => ({
      subject: `Submitted: ${p.caseTitle}`,
      lead: 'The report has been submitted to NHS England. The case is closed.',
    }),
  },
  deadlines: {
    jcb: 'Joint Commissioning Board sign-off',
    submission: 'national submission',
  },
});
