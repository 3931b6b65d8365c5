import { templateEmails } from '../template-emails';

/** The conclusion of a dispute (ToR 9.1), as the Leader and the partner's chair give it. */
const DISPUTE_ANSWERS = {
  approveWithComments: {
    answer: 'you conclude that it goes back to the Board for further consideration',
    note: 'What was discussed and concluded (if it goes back to the Board)',
    missing: 'Write what was discussed and concluded, to send it back to the Board.',
  },
  reject: {
    answer: 'you conclude that the matter does not move forward',
    note: 'Your reasons (if the matter does not move forward)',
    missing: 'Give your reasons why the matter does not move forward.',
  },
};

/**
 * What the emails of the JCB decision under delegation (seed 002, JCB terms of reference), every
 * version say: each message its machines notify, the deadlines its reminders and escalations name.
 */
export const jcbDelegatedDecisionEmails = templateEmails({
  messages: {
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
    // From version 7 (ToR 8.3, 9.1): the referral back goes on to the partners.
    'item-referred-to-partners': (p) => ({
      subject: `Referred back to Cabinet and the partner’s board: ${p.caseTitle}`,
      lead: 'The Board did not reach consensus and the Chair referred the item back to each partner organisation. Record the decisions of the council’s Cabinet and the partner’s governing body on the case page.',
    }),
    'dispute-referred': (p) => ({
      subject: `A dispute for the Leader and the partner’s chair: ${p.caseTitle}`,
      lead: 'Cabinet and the partner’s board differ on this matter. It is referred for discussion by the Leader of the Council and the partner’s chair, who each record their conclusion: back to the Board for further consideration, or the matter does not move forward.',
    }),
    // From version 8: the Leader and the partner's chair answer from links, and may differ.
    'dispute-conclusions-differ': (p) => ({
      subject: `Still in dispute: the Leader and the partner’s chair concluded differently: ${p.caseTitle}`,
      lead: 'The Leader of the Council and the partner’s chair did not reach the same conclusion, so the matter does not move forward while it stays in dispute (ToR 9.1; there is no binding external arbitration). After further discussion, each gives their conclusion again: back to the Board for further consideration, or the matter does not move forward.',
    }),
    'item-returned-to-board': (p) => ({
      subject: `Returned to the Joint Commissioning Board: ${p.caseTitle}`,
      lead: 'The partners returned the matter to the Board. Bring it back to a later meeting on the case page.',
    }),
    'item-not-proceeding': (p) => ({
      subject: `Does not move forward: ${p.caseTitle}`,
      lead: 'The partners did not agree to take the matter forward. There is no binding external arbitration (ToR 9.1). The case is closed.',
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
  },
  deadlines: {
    meeting: 'meeting',
    callIn: 'call-in period',
  },
  // A signature on the Decision Notice cannot be taken back: the signatory checks it first.
  linkChecksFirst: { 'notice-signature-requested': true },
});

/**
 * Version 8's: the same messages, with the Leader's and the partner's chair's conclusion of a
 * dispute asked from a link (ToR 9.1), its page captioned, its answers in the dispute's words and
 * checked before they are recorded.
 */
export const jcbDelegatedDecisionV8Emails = templateEmails({
  ...jcbDelegatedDecisionEmails,
  linkChecksFirst: {
    ...jcbDelegatedDecisionEmails.linkChecksFirst,
    'dispute-referred': true,
    'dispute-conclusions-differ': true,
  },
  linkCaptions: {
    'dispute-referred': 'Your conclusion of the dispute is asked for',
    'dispute-conclusions-differ': 'Your further conclusion of the dispute is asked for',
  },
  linkAnswers: {
    'dispute-referred': DISPUTE_ANSWERS,
    'dispute-conclusions-differ': DISPUTE_ANSWERS,
  },
});
