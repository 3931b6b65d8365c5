import type { TemplateWords } from '../template-words';
import { minutesApprovalV3Words as v3 } from './minutes-approval-v3.words';

/**
 * Version 4's words: version 3's, with the person who signs named by the meeting's approval (from
 * the meeting page, never a form of the case's).
 */
export const minutesApprovalV4Words: TemplateWords = {
  ...v3,
  events: {
    ...v3.events,
    RECORD_APPROVAL: {
      ...v3.events.RECORD_APPROVAL,
      fields: {
        ...v3.events.RECORD_APPROVAL.fields,
        signerPersonId: { label: 'Who signs', hidden: true },
      },
    },
  },
};
