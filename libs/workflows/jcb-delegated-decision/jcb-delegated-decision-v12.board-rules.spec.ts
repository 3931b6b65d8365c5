import { bodyRulesSchema, type BodyRules } from '../../governance/body-rules.schema';
import { withCouncilRules, type MeetingBody } from '../council-context.service';
import type { WorkflowTemplate } from '../workflow.template';
import { JCB_V10_PARTNER_NAMES } from './jcb-delegated-decision-v10.traces';
import { jcbDelegatedDecisionV11 } from './jcb-delegated-decision-v11.template';
import { jcbDelegatedDecisionV12 } from './jcb-delegated-decision-v12.template';
import { JCB_V12_TRACES } from './jcb-delegated-decision-v12.traces';

/*
 * Version 12 applies the Board's quorum and consensus only as the council's directory holds them
 * that day: a Board the directory holds no rules for is refused whatever rules the event sends,
 * where versions 5 to 11, released, applied the rules sent. The events are version 12's trace
 * plan's, each carrying the rules the engine wrote (`boardRules`).
 */

type Payload = Record<string, unknown> & { boardRules?: BoardRulesSent };
type BoardRulesSent = { quorum: { total: number } & object; decision: object };
const event = (name: string) => JCB_V12_TRACES.events[name].payload as Payload;
const ATTENDANCE = event('RECORD_ATTENDANCE');
const HANDS = event('RECORD_SHOW_OF_HANDS, consensus');
const SENT = ATTENDANCE.boardRules!;
const without = ({ boardRules: _rules, ...p }: Payload) => p;

type Step = 'RECORD_ATTENDANCE' | 'RECORD_SHOW_OF_HANDS';
type Recorded = { boardRules?: unknown; quorum?: { quorate: boolean }; explanation?: string[] };
const parse = (t: WorkflowTemplate, step: Step, payload: unknown) =>
  t.events[step].payload.safeParse(payload);
const recorded = (t: WorkflowTemplate, step: Step, payload: unknown) =>
  parse(t, step, payload).data as Recorded | undefined;
const refusal = (t: WorkflowTemplate, step: Step, payload: unknown) =>
  parse(t, step, payload).error?.issues.map((i) => i.message);

/** The Board as the engine reads it from the directory for the meeting date. */
const board = (rules: BodyRules | null): MeetingBody => ({
  name: 'Joint Commissioning Board',
  rules,
  partnerNames: JCB_V10_PARTNER_NAMES,
});
const inTheEngine = <T>(body: MeetingBody, fn: () => T) =>
  withCouncilRules({}, fn, undefined, undefined, '2025-09-04', body);

/** The Board's rules in the directory: the ones the plan's events carry, with its constituencies. */
const held = (over: Partial<BoardRulesSent> = {}) =>
  bodyRulesSchema.parse({
    constituencies: Object.entries(JCB_V10_PARTNER_NAMES).map(([key, name]) => ({ key, name })),
    ...SENT,
    ...over,
  });

const NO_RULES_HELD =
  'BOARD_RULES_UNKNOWN: the council’s directory holds no quorum or decision rule for the Joint Commissioning Board';
const RULES_SENT_NOT_APPLIED =
  'the rules sent with the meeting are not applied: the Joint Commissioning Board’s rules are only the ones the council’s directory holds';
const ADMINISTRATOR_RECORDS =
  'an administrator records the Joint Commissioning Board’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)';

describe('JCB delegated decision v12: the Board’s rules are only the council’s directory’s', () => {
  it.each([
    ['RECORD_ATTENDANCE', ATTENDANCE],
    ['RECORD_SHOW_OF_HANDS', HANDS],
  ] as const)(
    'in the engine, refuses %s for a Board the directory holds no rules for, whatever rules are sent',
    (step, payload) => {
      expect(
        inTheEngine(board(null), () => refusal(jcbDelegatedDecisionV12, step, payload)),
      ).toEqual([`${NO_RULES_HELD}; ${RULES_SENT_NOT_APPLIED}; ${ADMINISTRATOR_RECORDS}`]);
      // Version 11, released, applies the rules the event sent.
      const v11 = inTheEngine(board(null), () => recorded(jcbDelegatedDecisionV11, step, payload));
      expect(v11?.boardRules).toEqual(SENT);
    },
  );

  it('in the engine, refuses the same attendance sent without rules, without speaking of rules sent', () => {
    expect(
      inTheEngine(board(null), () =>
        refusal(jcbDelegatedDecisionV12, 'RECORD_ATTENDANCE', without(ATTENDANCE)),
      ),
    ).toEqual([`${NO_RULES_HELD}; ${ADMINISTRATOR_RECORDS}`]);
  });

  it('in the engine, records the directory’s rules, refusing rules sent that are not the directory’s as version 5 does', () => {
    const day = board(held());
    const stored = inTheEngine(day, () =>
      recorded(jcbDelegatedDecisionV12, 'RECORD_ATTENDANCE', without(ATTENDANCE)),
    );
    expect(stored?.boardRules).toEqual({
      quorum: day.rules!.quorum,
      decision: day.rules!.decision,
    });
    expect(stored?.quorum?.quorate).toBe(true);
    const hands = inTheEngine(day, () =>
      recorded(jcbDelegatedDecisionV12, 'RECORD_SHOW_OF_HANDS', HANDS),
    );
    expect(hands?.boardRules).toEqual(stored?.boardRules);
    expect(
      inTheEngine(day, () =>
        refusal(jcbDelegatedDecisionV12, 'RECORD_ATTENDANCE', {
          ...ATTENDANCE,
          boardRules: { ...SENT, quorum: { ...SENT.quorum, total: 3 } },
        }),
      ),
    ).toEqual([
      'BOARD_RULES_NOT_AS_IN_DIRECTORY: the rules sent with the meeting give the Joint Commissioning Board’s quorum (the members present it needs) as 3, but the council’s directory holds 4; send no rules with the meeting to apply the ones the directory holds, or change the Joint Commissioning Board’s rules in the directory first',
    ]);
    // Replayed outside the engine, the stored payload reads back the rules the engine wrote.
    const again = recorded(jcbDelegatedDecisionV12, 'RECORD_ATTENDANCE', stored);
    expect(again).toEqual(stored);
  });

  it('in the engine, refuses a Board whose rules in the directory decide by majority', () => {
    const majority = board(held({ decision: { kind: 'majority', source: 'Standing order 12' } }));
    expect(
      inTheEngine(majority, () =>
        refusal(jcbDelegatedDecisionV12, 'RECORD_ATTENDANCE', without(ATTENDANCE)),
      )?.[0],
    ).toMatch(/^BOARD_DECIDES_BY_MAJORITY: the Board’s rules say it decides by majority/);
  });
});
