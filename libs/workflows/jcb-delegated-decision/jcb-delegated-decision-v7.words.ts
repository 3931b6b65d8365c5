import type { EventWords, FieldWords, TemplateWords } from '../template-words';
import { jcbDelegatedDecisionV6Words as v6 } from './jcb-delegated-decision-v6.words';

/**
 * Version 7's words: version 6's, the partners' decisions on a matter referred back and the
 * Leader's and the partner's chair's conclusions of a dispute (ToR 8.3, 9.1).
 */
const parentBody = (body: string, bodyName: string): EventWords => ({
  action: `Record ${body} decision`,
  done: `${body.charAt(0).toUpperCase()}${body.slice(1)} decision on the matter referred back was recorded`,
  fields: {
    decidedOn: { label: `Date ${bodyName} decided`, name: `the date ${bodyName} decided` },
    outcome: {
      label: `What did ${bodyName} decide?`,
      name: `what ${bodyName} decided`,
      options: {
        supports: 'It supports the decision proposed',
        doesNotSupport: 'It does not support the decision proposed',
      },
    },
    minuteReference: { label: 'Minute reference', name: 'the minute reference' },
    reasons: {
      label: 'Reasons',
      name: 'the reasons',
      hint: 'Optional',
      kind: 'long',
    },
  },
});

const conclusionFields: Record<string, FieldWords> = {
  discussedOn: {
    label: 'Date of the discussion',
    name: 'the date of the discussion',
  },
  conclusion: {
    label: 'What is your conclusion?',
    name: 'your conclusion',
    options: {
      returnToBoard: 'Refer it back to the Board for further consideration',
      doesNotMoveForward: 'The matter does not move forward',
    },
  },
  note: { label: 'What was discussed and concluded', name: 'what was discussed', kind: 'long' },
};

export const jcbDelegatedDecisionV7Words: TemplateWords = {
  ...v6,
  events: {
    ...v6.events,
    RECORD_CABINET_DECISION: parentBody('Cabinet’s', 'Cabinet'),
    RECORD_PARTNER_BOARD_DECISION: parentBody(
      'the Integrated Care Board’s',
      'the Integrated Care Board’s board',
    ),
    RECORD_LEADER_CONCLUSION: {
      action: 'Record the Leader’s conclusion of the dispute',
      done: 'The Leader of the Council recorded their conclusion of the dispute',
      fields: conclusionFields,
    },
    RECORD_PARTNER_CHAIR_CONCLUSION: {
      action: 'Record the partner chair’s conclusion of the dispute',
      done: 'The partner’s chair recorded their conclusion of the dispute',
      fields: conclusionFields,
    },
    RECONSIDER: {
      ...v6.events.RECONSIDER,
      action: 'Bring the item back to a later meeting',
      done: 'The item was brought back to a later meeting',
    },
  },
};
