import type { EmailPayload } from './email-message.service';

/**
 * What each email says, by the message name a template's machine notifies: a subject that says
 * what is asked or what happened, one or two sentences, and the words of its deadline line.
 */
export interface Wording {
  subject: string;
  /** What is asked or what happened, in one or two sentences. */
  lead: string;
  /** The words of the deadline line, or null when there is none to show. */
  due?: string;
}

const WORDING: Record<string, (p: EmailPayload) => Wording> = {
  // The lifecycle around every workflow (ADR 0012): the reason is the email's note.
  'case-withdrawn': (p) => ({
    subject: `Withdrawn: ${p.caseTitle}`,
    lead: 'The case has been withdrawn. Nothing more is needed from you: the request sent to you is closed and its link no longer works.',
  }),
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

  // Better Care Fund plan, full board sign-off (seed 002, item 8).
  'plan-approval-requested': (p) => ({
    subject: `Your approval of the final plan is needed: ${p.caseTitle}`,
    lead: 'The Health and Wellbeing Board has agreed how the final plan is approved. Please approve it for your organisation, or reject it with reasons.',
    due: 'Approval is needed before the national submission deadline',
  }),
  'plan-returned': (p) => ({
    subject: `Plan returned for revision: ${p.caseTitle}`,
    lead: 'The plan was rejected with reasons and returns for revision. Every approval must be given again.',
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
  // BCF quarterly performance report (seed 001).
  'report-for-hwbb': (p) => ({
    subject: `For the Health and Wellbeing Board: ${p.caseTitle}`,
    lead: 'The report has been signed off by the Joint Commissioning Board. Put it on the agenda of the Health and Wellbeing Board.',
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
  // Grant ratification (seed 002).
  'ratification-required': (p) => ({
    subject: `For ratification by the Health and Wellbeing Board: ${p.caseTitle}`,
    lead: 'Cabinet and Council have decided. Put the decision to the Health and Wellbeing Board for ratification and record the outcome.',
    due: 'It must be ratified by',
  }),
  'grant-decided': (p) => ({
    subject: `Decided: ${p.caseTitle}`,
    lead: 'The grant has been decided and ratified. The case is closed.',
  }),
  // Pharmacy consolidation representation (seed 002, item 7).
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
  // Minutes approval (workflow 7).
  'signature-requested': (p) => ({
    subject: `Your signature is needed on the minutes: ${p.caseTitle}`,
    lead: 'The Board approved the minutes as a correct record. Please sign them, or return them if they do not show the amendments the Board made.',
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
  // JCB decision under delegation (seed 002, JCB terms of reference).
  'decision-requested': (p) => ({
    subject: `Your decision is needed under the JCB's delegation: ${p.caseTitle}`,
    lead: 'The Joint Commissioning Board reached consensus on this item, and the decision is yours under the Board’s delegation. Read it, then take it or decline it with reasons; the Decision Notice follows for signature.',
  }),
  'item-deferred': (p) => ({
    subject: `Deferred by the Joint Commissioning Board: ${p.caseTitle}`,
    lead: 'The Board did not reach consensus and the Chair deferred the item. It comes back to a later meeting after the Chair and the partner lead have talked.',
  }),
  'item-referred-back': (p) => ({
    subject: `Referred back to the partners: ${p.caseTitle}`,
    lead: 'The Board did not reach consensus and the Chair referred the item back to the parent bodies. The case is closed.',
  }),
  'notice-signature-requested': (p) => ({
    subject: `Your signature is needed on the Decision Notice: ${p.caseTitle}`,
    lead: 'The decision has been recorded. The Decision Notice is signed by the decision maker and the Proper Officer, in either order, before it is published.',
  }),
  'decision-to-draft': (p) => ({
    subject: `Draft the decision for the decision maker: ${p.caseTitle}`,
    lead: 'The Joint Commissioning Board reached consensus. Draft the decision from the report on the case page; the decision maker is then emailed it to take or decline.',
  }),
  'decision-declined': (p) => ({
    subject: `The decision maker declined the draft: ${p.caseTitle}`,
    lead: 'The decision maker declined the drafted decision with reasons (on the case page). Draft it again.',
  }),
  'notice-declined': (p) => ({
    subject: `A signatory declined the Decision Notice: ${p.caseTitle}`,
    lead: 'The Decision Notice was declined with reasons (on the case page) and the decision set aside. Draft the decision again.',
  }),
  'notice-signed': (p) => ({
    subject: `Decision Notice signed: ${p.caseTitle}`,
    lead: 'The decision maker and the Proper Officer have signed the Decision Notice. Publish it and record the publication: the call-in period starts then.',
  }),
  'decision-published': (p) => ({
    subject: `Decision Notice published: ${p.caseTitle}`,
    lead: 'The Decision Notice is published. A key decision is implementable once the call-in period has passed without call-in.',
    due: 'It is implementable from',
  }),
  'decision-exempted-from-call-in': (p) => ({
    subject: `Exempted from call-in as urgent: ${p.caseTitle}`,
    lead: 'The scrutiny chair agreed that the decision is urgent, with the reason recorded. It is implementable when the Decision Notice is published.',
  }),
  'decision-called-in': (p) => ({
    subject: `Called in: ${p.caseTitle}`,
    lead: 'The decision has been called in. It cannot be implemented until the outcome of the call-in is recorded.',
  }),
  'decision-referred-back': (p) => ({
    subject: `Referred back to the decision maker: ${p.caseTitle}`,
    lead: 'Scrutiny referred the decision back to the decision maker, who must decide again. The earlier notice no longer stands.',
  }),
  'decision-implementable': (p) => ({
    subject: `Implementable: ${p.caseTitle}`,
    lead: 'The decision may now be implemented. The case is closed.',
  }),
};

/** The deadlines templates name, in words for the reminders and escalations built from their keys. */
const DEADLINE_WORDS: Record<string, string> = {
  meeting: 'meeting',
  submission: 'submission',
  assurance: 'assurance',
  noting: 'noting',
  jcb: 'Joint Commissioning Board sign-off',
  cabinet: 'Cabinet decision',
  council: 'Council decision',
  ratification: 'ratification',
  response: 'response to NHS England',
  circulation: 'circulation to Board members',
  feedback: 'Board members’ feedback',
};

/**
 * The wording of one email: its own, or, for a `<deadline>-reminder` or `<deadline>-overdue` the
 * template builds from a deadline's key, the reminder's or escalation's. Null for a message that
 * has no wording (a test checks that every message the templates send has one).
 */
export function wordingOf(message: string): ((p: EmailPayload) => Wording) | null {
  const own = WORDING[message];
  if (own) return own;
  const m = /^([a-z]+)-(reminder|overdue)$/.exec(message);
  const words = m ? DEADLINE_WORDS[m[1]] : undefined;
  if (!m || !words) return null;
  return m[2] === 'reminder'
    ? (p) => ({
        subject: `Reminder: ${p.caseTitle} is waiting`,
        lead: `The ${words} deadline is close and the case is still waiting for this step.`,
        due: 'The deadline is',
      })
    : (p) => ({
        subject: `Escalation: the ${words} deadline passed for ${p.caseTitle}`,
        lead: `The ${words} deadline has passed without the step being recorded.`,
        due: 'The deadline was',
      });
}

/** The email's wording; a message with none (a template bug the wording test catches) says so plainly. */
export function wordingFor(p: EmailPayload): Wording {
  const w = wordingOf(p.message);
  return w
    ? w(p)
    : {
        subject: `Update on ${p.caseTitle}`,
        lead: 'The case has moved on. See the case for details.',
      };
}
