import type { TemplateWords } from '../template-words';
import { jcbDelegatedDecisionWords as v3 } from './jcb-delegated-decision.words';

/** Version 4's words: version 3's, the NHS decision maker acting for the Integrated Care Board. */
const draft = v3.events.DRAFT_DECISION;
export const jcbDelegatedDecisionV4Words: TemplateWords = {
  ...v3,
  events: {
    ...v3.events,
    DRAFT_DECISION: {
      ...draft,
      fields: {
        ...draft.fields,
        actingAs: {
          label: 'The decision maker acts as',
          name: 'the seat the decision maker acts in',
          options: {
            cabinetMember: 'A Cabinet member',
            icbMember: 'A member for the Integrated Care Board',
          },
        },
      },
    },
    RECORD_DECISION: {
      ...v3.events.RECORD_DECISION,
      fields: {
        ...v3.events.RECORD_DECISION.fields,
        actingAs: {
          label: 'The decision maker acts as',
          name: 'the seat the decision maker acts in',
          options: {
            cabinetMember: 'A Cabinet member',
            icbMember: 'A member for the Integrated Care Board',
          },
        },
      },
    },
  },
};
