import type { WorkflowTemplate } from '../workflow.template';
import { approvePayloadIn } from './jcb-delegated-decision-v3.template';
import { decisionPayloadsIn } from './jcb-delegated-decision-v4.template';
import { meetingPayloadsIn } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV8 } from './jcb-delegated-decision-v8.template';

/**
 * Version 9 of the JCB delegated decision: version 8 (its machine, steps, emails and words) with
 * the lines of its rules in people's words where versions 1 to 8 recorded ids, keys or field names
 * in their traces (which freeze them, byte for byte): a declaration of interest by someone not
 * attending is said by the member's name and the interest declared, not the id sent
 * (DECLARATION_BY_NON_ATTENDEE); a Board without rules says who records them and what, not the
 * payload's field (BOARD_RULES_UNKNOWN); the decision's check against its delegation says whether
 * the decision is of a kind the delegation covers, not the scope's key, and a delegation made by a
 * delegate without its id (OUTSIDE_SCOPE, CASCADE_FORBIDDEN). Nothing else differs: what is
 * refused, what is taken and where the case goes are version 8's.
 */

const v8 = jcbDelegatedDecisionV8;
const MEETING = meetingPayloadsIn('people');
const DECISION = decisionPayloadsIn('people');

export const jcbDelegatedDecisionV9: WorkflowTemplate = {
  ...v8,
  version: 9,
  events: {
    ...v8.events,
    RECORD_ATTENDANCE: { ...v8.events.RECORD_ATTENDANCE, payload: MEETING.attendancePayload },
    RECORD_SHOW_OF_HANDS: { ...v8.events.RECORD_SHOW_OF_HANDS, payload: MEETING.handsPayload },
    RECORD_DECISION: { ...v8.events.RECORD_DECISION, payload: DECISION.decisionPayload },
    DRAFT_DECISION: { ...v8.events.DRAFT_DECISION, payload: DECISION.draftPayload },
    APPROVE: { ...v8.events.APPROVE, payload: approvePayloadIn('people') },
  },
};
