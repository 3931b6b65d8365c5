import type { TemplateWords } from '../template-words';
import { minutesApprovalV2Words as v2 } from './minutes-approval-v2.words';

/**
 * Version 3's words: version 2's, with the member who presided among who signs, and the officer's
 * naming of them (from the meeting page, never a form of the case's).
 */
export const minutesApprovalV3Words: TemplateWords = {
  ...v2,
  events: {
    ...v2.events,
    RECORD_APPROVAL: {
      ...v2.events.RECORD_APPROVAL,
      fields: {
        ...v2.events.RECORD_APPROVAL.fields,
        signer: {
          label: 'Who signs',
          name: 'who signs',
          options: {
            chair: 'The chair',
            viceChair: 'The vice-chair, in the chair’s place',
            presiding: 'The member who presided, named by the officer',
          },
        },
        because: {
          label: 'Why the chair does not sign',
          name: 'why the chair does not sign',
        },
      },
    },
    NAME_PRESIDING_MEMBER: {
      action: 'Name the member who presided',
      done: 'The member who presided at the meeting was named to sign the minutes',
      fromMeeting: true,
      fields: {
        personId: { label: 'Member who presided', hidden: true },
        name: { label: 'Member who presided', name: 'the member who presided' },
        fromMeeting: { label: 'From the meeting', hidden: true },
      },
    },
  },
};
