import type { WorkflowTemplate } from '../workflow.template';
import { decisionPayloadsIn } from './jcb-delegated-decision-v4.template';
import { meetingPayloadsIn } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV9 } from './jcb-delegated-decision-v9.template';
import { resolvePartnerNames } from './jcb-partner-names.service';

/**
 * Version 10 of the JCB delegated decision: version 9 (its machine, steps, emails and words) with
 * the Board's partners named as the council's directory names them, where versions 1 to 9
 * recorded their keys ("icb: 2 of 3 for: assents", "Dr Dev Shah (icb): for"): the show of hands
 * says "Integrated Care Board: 2 of 3 for: assents", and records the names it said
 * (`partnerNames`, jcb-partner-names.service.ts) as the directory held them that day, so a signed
 * record reads the same after the directory is edited. A decision taken as a CCG member is refused
 * in words, without the seat's key ("(icbMember)"). Nothing else differs: what is refused, what is
 * taken and where the case goes are version 9's.
 */

const v9 = jcbDelegatedDecisionV9;

/** A decision taken as a CCG member, refused in words (versions 4 to 9 ended "(icbMember)"). */
export const CCG_SEAT_IN_WORDS =
  'CCGs were abolished on 1 July 2022: an NHS member of the Board decides as a member for the Integrated Care Board, not for a CCG';

const MEETING = meetingPayloadsIn('people', { resolve: resolvePartnerNames });
const DECISION = decisionPayloadsIn('people', CCG_SEAT_IN_WORDS);

export const jcbDelegatedDecisionV10: WorkflowTemplate = {
  ...v9,
  version: 10,
  events: {
    ...v9.events,
    RECORD_SHOW_OF_HANDS: {
      ...v9.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is every eligible member present for and each partner bloc of the Board’s rules assenting; without it, the Chair’s choice to defer or refer back. The partners are named, and their names recorded, as the council’s directory names them that day.',
    },
    RECORD_DECISION: { ...v9.events.RECORD_DECISION, payload: DECISION.decisionPayload },
    DRAFT_DECISION: { ...v9.events.DRAFT_DECISION, payload: DECISION.draftPayload },
  },
};
