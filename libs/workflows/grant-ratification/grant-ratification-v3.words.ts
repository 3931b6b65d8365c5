import type { FieldWords, TemplateWords } from '../template-words';
import { grantRatificationV2Words as v2 } from './grant-ratification-v2.words';

/**
 * Version 3's words: version 2's, with what each meeting votes on typed by the officer (the
 * proposed recommendation, the motion put to Council) and Cabinet's and Council's votes from their
 * meetings' shows of hands (never a form).
 */
const VOTE: FieldWords = { label: 'The show of hands', name: 'the show of hands', hidden: true };
const FROM_MEETING: FieldWords = { label: 'From the meeting’s show of hands', hidden: true };

const DATE_HINT = 'Only with a motion to refer it back to Cabinet';

export const grantRatificationV3Words: TemplateWords = {
  dates: v2.dates,
  events: {
    ...v2.events,
    RECORD_PROPOSED_RECOMMENDATION: {
      action: 'Record the recommendation the report puts to Cabinet',
      done: 'The recommendation the report puts to Cabinet was recorded',
      fields: {
        recommendation: {
          label: 'The recommendation to Full Council, as the report proposes it',
          name: 'the proposed recommendation',
          hint: 'Cabinet’s meeting votes on it by a show of hands',
          kind: 'long',
        },
      },
    },
    RECORD_CABINET_RECOMMENDATION: {
      ...v2.events.RECORD_CABINET_RECOMMENDATION,
      action: 'Record Cabinet’s show of hands on the recommendation at its meeting',
      done: 'Cabinet’s meeting voted on the recommendation by a show of hands',
      fromMeeting: true,
      fields: {
        ...v2.events.RECORD_CABINET_RECOMMENDATION.fields,
        vote: VOTE,
        fromMeeting: FROM_MEETING,
      },
    },
    RECORD_COUNCIL_MOTION: {
      action: 'Record the motion put to Full Council',
      done: 'The motion put to Full Council was recorded',
      fields: {
        motion: {
          label: 'The motion Full Council votes on',
          name: 'the motion',
          options: {
            approve: 'To approve Cabinet’s recommendation',
            referBackToCabinet: 'To refer it back to Cabinet',
          },
        },
        cabinetMeetingDate: {
          label: 'Date of the Cabinet meeting that would reconsider it',
          name: 'the date of the Cabinet meeting',
          hint: DATE_HINT,
        },
        councilMeetingDate: {
          label: 'Date of the Full Council meeting that would consider it again',
          name: 'the date of the Full Council meeting',
          hint: DATE_HINT,
        },
        ratificationDeadline: {
          label: 'Date of the HWBB meeting that would ratify it afterwards',
          name: 'the date of the HWBB meeting',
          hint: DATE_HINT,
        },
      },
    },
    RECORD_COUNCIL_DECISION: {
      ...v2.events.RECORD_COUNCIL_DECISION,
      action: 'Record Full Council’s show of hands on the motion at its meeting',
      done: 'Full Council’s meeting voted on the motion by a show of hands',
      fromMeeting: true,
      fields: {
        ...v2.events.RECORD_COUNCIL_DECISION.fields,
        decision: {
          ...v2.events.RECORD_COUNCIL_DECISION.fields!.decision,
          options: {
            ...v2.events.RECORD_COUNCIL_DECISION.fields!.decision.options,
            referralLost: 'A motion to refer it back was lost',
          },
        },
        vote: VOTE,
        fromMeeting: FROM_MEETING,
      },
    },
  },
};
