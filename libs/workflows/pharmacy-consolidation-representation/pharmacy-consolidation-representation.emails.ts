import { templateEmails } from '../template-emails';

/**
 * What the emails of the pharmacy consolidation representation (seed 002, item 7) say: each
 * message its machines notify, the deadlines its reminders and escalations name.
 */
export const pharmacyConsolidationRepresentationEmails = templateEmails({
  messages: {
    'consolidation-notified': (p) => ({
      subject: `Pharmacy consolidation application notified: ${p.caseTitle}`,
      lead: 'NHS England has notified the Health and Wellbeing Board of a pharmacy consolidation application. The Board must respond within 45 days.',
      due: 'The response is due by',
    }),
    'consultation-required': (p) => ({
      subject: `Your decision on the Board's representation is needed: ${p.caseTitle}`,
      lead: 'The application is not contentious. Please decide the Board’s representation to NHS England under your delegation.',
      due: 'The response is due by',
    }),
    'circulation-required': (p) => ({
      subject: `Circulate the application to Board members: ${p.caseTitle}`,
      lead: 'The application is contentious. Circulate it to the members of the Health and Wellbeing Board for their views before the representation is decided.',
      due: 'The response is due by',
    }),
    'meeting-to-arrange': (p) => ({
      subject: `Arrange a meeting of the Board: ${p.caseTitle}`,
      lead: 'Members asked for the application to be considered at a meeting. Arrange it before the response deadline.',
      due: 'The response is due by',
    }),
    'response-to-send': (p) => ({
      subject: `Send the Board's representation to NHS England: ${p.caseTitle}`,
      lead: 'The representation has been decided. Send it to NHS England and record that it was sent.',
      due: 'Send it by',
    }),
    'response-sent': (p) => ({
      subject: `Representation sent to NHS England: ${p.caseTitle}`,
      lead: 'The Board’s representation has been sent to NHS England. The case is closed.',
    }),
    // Version 2: the representation goes to the Integrated Care Board (pharmaceutical services since April 2023).
    'icb-consolidation-notified': (p) => ({
      subject: `Pharmacy consolidation application notified: ${p.caseTitle}`,
      lead: 'The Integrated Care Board has notified the Health and Wellbeing Board of a pharmacy consolidation application. The Board must respond within 45 days.',
      due: 'The response is due by',
    }),
    'icb-consultation-required': (p) => ({
      subject: `Your decision on the Board's representation is needed: ${p.caseTitle}`,
      lead: 'The application is not contentious. Please decide the Board’s representation to the Integrated Care Board under your delegation, after consulting the HWBB chair and the ward members.',
      due: 'The response is due by',
    }),
    'icb-response-to-send': (p) => ({
      subject: `Send the Board's representation to the Integrated Care Board: ${p.caseTitle}`,
      lead: 'The representation has been decided. Send it to the Integrated Care Board and record that it was sent.',
      due: 'Send it by',
    }),
    'icb-response-sent': (p) => ({
      subject: `Representation sent to the Integrated Care Board: ${p.caseTitle}`,
      lead: 'The Board’s representation has been sent to the Integrated Care Board. The case is closed.',
    }),
    'icb-response-reminder': (p) => ({
      subject: `Reminder: ${p.caseTitle} is waiting`,
      lead: 'The deadline for the Board’s response to the Integrated Care Board is close and the representation has not yet been sent.',
      due: 'The response is due by',
    }),
    'icb-response-overdue': (p) => ({
      subject: `Escalation: the response to the Integrated Care Board is late for ${p.caseTitle}`,
      lead: 'The 45 days for the Board’s response to the Integrated Care Board have passed without the representation being sent.',
      due: 'The response was due by',
    }),
  },
  deadlines: {
    circulation: 'circulation to Board members',
    feedback: 'Board members’ feedback',
    response: 'response to NHS England',
  },
});
