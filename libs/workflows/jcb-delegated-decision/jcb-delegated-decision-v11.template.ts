import type { WorkflowTemplate } from '../workflow.template';
import { meetingPayloadsIn } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV10 } from './jcb-delegated-decision-v10.template';
import { directoryBoardRules } from './jcb-board-rules.service';
import { directoryPartnerNames } from './jcb-partner-names.service';

/**
 * Version 11 of the JCB delegated decision: version 10 (its machine, steps, emails, words, its
 * partners named in the show of hands and those names recorded) with the names and the Board's
 * rules taken only from the council's directory. Version 10, for a partner the directory names
 * nowhere, recorded the name the event's payload gave, and (as versions 5 to 9) for a Board the
 * directory holds no rules for, applied the quorum and consensus the payload gave: what was typed
 * into an event stood in the signed record for the council's data. Here that show of hands is
 * refused (PARTNER_NAME_UNKNOWN), whatever name was sent, saying which member's seat has no name
 * and that an administrator names it in the directory (jcb-partner-names.service.ts,
 * directoryPartnerNames); and that attendance or show of hands is refused (BOARD_RULES_UNKNOWN),
 * whatever rules were sent, saying an administrator records them in the directory
 * (jcb-board-rules.service.ts, directoryBoardRules). Nothing else differs.
 */

const v10 = jcbDelegatedDecisionV10;

const MEETING = meetingPayloadsIn(
  'people',
  { resolve: directoryPartnerNames },
  directoryBoardRules,
);

export const jcbDelegatedDecisionV11: WorkflowTemplate = {
  ...v10,
  version: 11,
  events: {
    ...v10.events,
    RECORD_ATTENDANCE: {
      ...v10.events.RECORD_ATTENDANCE,
      payload: MEETING.attendancePayload,
      description:
        'Record the members (with the constituency each seat represents in the directory), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate under its rules (recorded with the event as boardRules), which are only the ones the council’s directory holds that day: a Board it holds none for is refused, whatever rules are sent; a co-opted seat counts toward the total only.',
    },
    RECORD_SHOW_OF_HANDS: {
      ...v10.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is every eligible member present for and each partner bloc of the Board’s rules assenting; without it, the Chair’s choice to defer or refer back. The Board’s rules, and the partners’ names recorded, are only the council’s directory’s that day: a Board it holds no rules for, or a partner it does not name, is refused, whatever is sent.',
    },
  },
};
