import { templateEmails } from '../template-emails';
import { bcfDelegatedSignOffEmails as v1 } from './bcf-delegated-sign-off.emails';

/**
 * What version 2's emails say: version 1's, naming the Integrated Care Board's Chief Executive where
 * version 1 named the Accountable Officer (each version's cases read their own version's words).
 * The messages only version 2 sends are worded with version 1's (bcf-delegated-sign-off.emails.ts),
 * where the contract spec looks for every message the folder's machines name.
 */
const BOTH = 'the council’s Chief Executive and the Integrated Care Board’s Chief Executive';

export const bcfDelegatedSignOffV2Emails = templateEmails({
  ...v1,
  deadlines: {
    ...v1.deadlines,
    information: 'information asked for by the regional assurance team',
    condition: 'condition',
  },
  messages: {
    ...v1.messages,
    'agreement-requested': (p) => ({
      subject: `Your agreement is needed: ${p.caseTitle}`,
      lead: `Please read the plan and say whether you agree it. The HWBB chair approves it under delegation once both ${BOTH} agree.`,
      due: 'Agreement is needed before the national submission deadline',
    }),
    'approval-requested': (p) => ({
      subject: `Your approval is needed under delegation: ${p.caseTitle}`,
      lead: `${BOTH.charAt(0).toUpperCase()}${BOTH.slice(1)} have agreed the plan. Please approve it, or reject it with reasons, under the Board's delegation.`,
      due: 'Approval is needed before the national submission deadline',
    }),
  },
});
