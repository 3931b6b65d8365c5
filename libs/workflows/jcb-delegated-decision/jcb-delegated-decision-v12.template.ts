import type { WorkflowTemplate } from '../workflow.template';
import { meetingPayloadsIn } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV11 } from './jcb-delegated-decision-v11.template';
import { directoryBoardRules } from './jcb-board-rules.service';
import { directoryPartnerNames } from './jcb-partner-names.service';

/**
 * Version 12 of the JCB delegated decision: version 11 (its partners named only as the council's
 * directory names them) with the Board's quorum and consensus taken only from the directory too.
 * Versions 5 to 11, for a Board the directory holds no rules for on the meeting date, applied and
 * recorded the rules the event's payload gave (`boardRules`): rules typed into an event stood in
 * the signed record for the council's data. Here that attendance or show of hands is refused
 * (BOARD_RULES_UNKNOWN), whatever rules were sent, saying an administrator records them in the
 * directory (jcb-board-rules.service.ts, directoryBoardRules). Nothing else differs.
 */

const v11 = jcbDelegatedDecisionV11;

const MEETING = meetingPayloadsIn(
  'people',
  { resolve: directoryPartnerNames },
  directoryBoardRules,
);

export const jcbDelegatedDecisionV12: WorkflowTemplate = {
  ...v11,
  version: 12,
  events: {
    ...v11.events,
    RECORD_ATTENDANCE: {
      ...v11.events.RECORD_ATTENDANCE,
      payload: MEETING.attendancePayload,
      description:
        'Record the members (with the constituency each seat represents in the directory), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate under its rules (recorded with the event as boardRules), which are only the ones the council’s directory holds that day: a Board it holds none for is refused, whatever rules are sent; a co-opted seat counts toward the total only.',
    },
    RECORD_SHOW_OF_HANDS: {
      ...v11.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is every eligible member present for and each partner bloc of the Board’s rules assenting; without it, the Chair’s choice to defer or refer back. The Board’s rules, and the partners’ names recorded, are only the council’s directory’s that day: a Board it holds no rules for, or a partner it does not name, is refused, whatever is sent.',
    },
  },
};
