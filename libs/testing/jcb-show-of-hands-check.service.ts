import type { BodyRules } from '../governance/body-rules.schema';
import { withCouncilRules, type MeetingBody } from '../workflows/council-context.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { JCB_CASE_MEETING } from './jcb-dispute-case.factory';

/*
 * A JCB template's show of hands (RECORD_SHOW_OF_HANDS) checked as its payload's schema checks it,
 * outside the engine or inside it with the Board the directory gives on the meeting's day: what the
 * template records, or the lines of its refusal (the partner-names specs of versions 10 and 11).
 */

/** What a show of hands records: its explanation's lines and the partners' names. */
export type HandsRecorded = { explanation: string[]; partnerNames?: Record<string, string> };

const parse = (t: WorkflowTemplate, payload: unknown) =>
  t.events.RECORD_SHOW_OF_HANDS.payload.safeParse(payload);

/** The show of hands as `t` records it (undefined when refused). */
export const handsRecorded = (t: WorkflowTemplate, payload: unknown) =>
  parse(t, payload).data as HandsRecorded;

/** The lines of `t`'s refusal of the show of hands (undefined when recorded). */
export const handsRefused = (t: WorkflowTemplate, payload: unknown) =>
  parse(t, payload).error?.issues.map((i) => i.message);

/** The Board as the engine reads it from the directory for the meeting date (no rules unless given). */
export const jcbBoardNaming = (
  partnerNames: Record<string, string>,
  rules: BodyRules | null = null,
): MeetingBody => ({
  name: 'Joint Commissioning Board',
  rules,
  partnerNames,
});

/** `fn` as the engine runs an event of the meeting of Thu 4 Sep 2025, with `body` the directory's Board. */
export const inTheEngine = <T>(body: MeetingBody, fn: () => T) =>
  withCouncilRules({}, fn, undefined, undefined, JCB_CASE_MEETING, body);
