import type { FieldWords, TemplateWords } from '../template-words';
import { grantRatificationWords as v1 } from './grant-ratification.words';

/**
 * Version 2's words: version 1's, without Cabinet's decision, with Cabinet's recommendation to
 * Full Council and Council's decision on it (which may refer it back to Cabinet).
 */
const { RECORD_CABINET_DECISION: _cabinetDecision, ...kept } = v1.events;

const REASONS: FieldWords = {
  label: 'Reasons',
  name: 'the reasons',
  hint: 'Needed when Cabinet makes no recommendation or Council does not approve it',
  kind: 'long',
};

export const grantRatificationV2Words: TemplateWords = {
  dates: v1.dates,
  events: {
    ...kept,
    RECORD_CABINET_RECOMMENDATION: {
      action: 'Record Cabinet’s recommendation to Full Council',
      done: 'Cabinet’s recommendation to Full Council was recorded',
      fields: {
        decision: {
          label: 'What Cabinet decided',
          name: 'what Cabinet decided',
          options: {
            recommended: 'Recommended to Full Council',
            notRecommended: 'Made no recommendation',
          },
        },
        recommendation: {
          label: 'Cabinet’s recommendation',
          name: 'Cabinet’s recommendation',
          hint: 'What Cabinet recommends Full Council to resolve, as its minute says',
          kind: 'long',
        },
        reasons: REASONS,
      },
    },
    RECORD_COUNCIL_DECISION: {
      action: 'Record Full Council’s decision',
      done: 'Full Council’s decision was recorded',
      fields: {
        decision: {
          label: 'What Full Council decided on Cabinet’s recommendation',
          name: 'what Full Council decided',
          options: {
            approved: 'Approved',
            notApproved: 'Not approved',
            referredBackToCabinet: 'Referred back to Cabinet',
          },
        },
        cabinetMeetingDate: {
          label: 'Date of the Cabinet meeting that reconsiders it',
          name: 'the date of the Cabinet meeting',
          hint: 'Only when Council referred it back to Cabinet',
        },
        councilMeetingDate: {
          label: 'Date of the Full Council meeting that considers it again',
          name: 'the date of the Full Council meeting',
          hint: 'Only when Council referred it back to Cabinet',
        },
        ratificationDeadline: {
          label: 'Date of the HWBB meeting that ratifies it afterwards',
          name: 'the date of the HWBB meeting',
          hint: 'Only when Council referred it back to Cabinet',
        },
        reasons: REASONS,
      },
    },
  },
};
