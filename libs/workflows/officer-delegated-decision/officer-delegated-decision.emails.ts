import { templateEmails } from '../template-emails';

/** What the officer delegated decision's emails say (every version). */
export const officerDelegatedDecisionEmails = templateEmails({
  messages: {
    'decision-published': (p) => ({
      subject: `Decision published to the register: ${p.caseTitle}`,
      lead: 'Your decision under delegation is published in the register of decisions. A key decision subject to call-in is implementable once the call-in period has passed without call-in.',
      due: 'It is implementable from',
    }),
    'decision-called-in': (p) => ({
      subject: `Called in: ${p.caseTitle}`,
      lead: 'The decision has been called in. It cannot be implemented until the outcome of the call-in is recorded.',
    }),
    'decision-referred-back': (p) => ({
      subject: `Referred back to the decision maker: ${p.caseTitle}`,
      lead: 'Scrutiny referred the decision back to you, who must decide again. The earlier record no longer stands.',
    }),
    'decision-implementable': (p) => ({
      subject: `Implementable: ${p.caseTitle}`,
      lead: 'The decision may now be implemented. The case is closed.',
    }),
  },
  deadlines: { callIn: 'call-in period' },
});
