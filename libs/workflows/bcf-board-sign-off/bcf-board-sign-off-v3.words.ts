import type { TemplateWords } from '../template-words';
import { bcfBoardSignOffV2Words as v2 } from './bcf-board-sign-off-v2.words';

/**
 * Version 3's words: version 2's, the arrangements the report proposes (typed by the officer) and
 * the HWBB's agreement of them from its meeting's show of hands (never a form).
 */
export const bcfBoardSignOffV3Words: TemplateWords = {
  dates: v2.dates,
  events: {
    ...v2.events,
    RECORD_PROPOSED_ARRANGEMENTS: {
      action: 'Record the proposed arrangements',
      done: 'The arrangements the report proposes were recorded',
      fields: {
        arrangements: {
          label: 'Arrangements for approving the final version, as the report proposes them',
          name: 'the proposed arrangements',
        },
      },
    },
    RECORD_ARRANGEMENTS: {
      action: 'Record the HWBB’s show of hands on the arrangements at its meeting',
      done: 'The HWBB’s meeting decided on the arrangements by a show of hands',
      fromMeeting: true,
      fields: {
        arrangements: {
          label: 'Arrangements for approving the final version, as the meeting considered them',
          name: 'the arrangements',
        },
        outcome: {
          label: 'What the meeting decided',
          name: 'what the meeting decided',
          options: {
            consensus: 'Agreed by consensus',
            referredBack: 'Referred back',
            deferred: 'Deferred to a later meeting',
          },
        },
        fromMeeting: { label: 'From the meeting’s show of hands', hidden: true },
      },
    },
  },
};
