import type { WorkflowTemplate } from '../workflow.template';
import { meetingPayloadsIn } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV10 } from './jcb-delegated-decision-v10.template';
import { directoryPartnerNames } from './jcb-partner-names.service';

/**
 * Version 11 of the JCB delegated decision: version 10 (its machine, steps, emails, words, its
 * partners named in the show of hands and those names recorded) with the names taken only from the
 * council's directory. Version 10, for a partner the directory names nowhere, recorded the name the
 * event's payload gave: a name typed into an event stood in the signed record for the council's
 * data. Here that show of hands is refused (PARTNER_NAME_UNKNOWN), whatever name was sent, saying
 * which member's seat has no name and that an administrator names it in the directory
 * (jcb-partner-names.service.ts, directoryPartnerNames). Nothing else differs.
 */

const v10 = jcbDelegatedDecisionV10;

const MEETING = meetingPayloadsIn('people', { resolve: directoryPartnerNames });

export const jcbDelegatedDecisionV11: WorkflowTemplate = {
  ...v10,
  version: 11,
  events: {
    ...v10.events,
    RECORD_SHOW_OF_HANDS: {
      ...v10.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is every eligible member present for and each partner bloc of the Board’s rules assenting; without it, the Chair’s choice to defer or refer back. The partners are named, and their names recorded, only as the council’s directory names them that day: a partner it does not name is refused, whatever name is sent.',
    },
  },
};
