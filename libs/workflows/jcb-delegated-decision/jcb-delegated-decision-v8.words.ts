import type { TemplateWords } from '../template-words';
import { jcbDelegatedDecisionV7Words as v7 } from './jcb-delegated-decision-v7.words';

/**
 * Version 8's words: version 7's, and the Leader's and the partner's chair's conclusions of a
 * dispute given from their emailed links (ToR 9.1).
 */
export const jcbDelegatedDecisionV8Words: TemplateWords = {
  ...v7,
  events: {
    ...v7.events,
    CONCLUDE_RETURN_TO_BOARD: {
      action: 'Conclude that it goes back to the Board',
      done: 'Concluded from the emailed link that the dispute goes back to the Board for further consideration',
      fields: {
        comments: {
          label: 'What was discussed and concluded',
          name: 'what was discussed and concluded',
          kind: 'long',
        },
        on: { label: 'Date of the answer', hidden: true },
      },
    },
    CONCLUDE_NOT_MOVE_FORWARD: {
      action: 'Conclude that the matter does not move forward',
      done: 'Concluded from the emailed link that the matter does not move forward',
      fields: {
        reasons: { label: 'Reasons', name: 'the reasons', kind: 'long' },
        on: { label: 'Date of the answer', hidden: true },
      },
    },
  },
};
