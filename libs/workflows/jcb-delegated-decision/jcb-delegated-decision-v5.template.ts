import { canonicalize } from 'json-canonicalize';
import { z } from 'zod';
import {
  constituencySchema,
  decisionRuleSchema,
  quorumSchema,
} from '../../governance/body-rules.schema';
import type { LineWording } from '../../governance/governance.errors';
import type { QuorumRule } from '../../governance/quorum.service';
import { councilRules } from '../council-context.service';
import type { WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV4 } from './jcb-delegated-decision-v4.template';
import { jcbMeetingPayloads, type JcbPartners } from './jcb-meeting-payloads.service';

/**
 * Version 5 of the JCB delegated decision: version 4 (its machine, its steps, the Board's partners
 * from the directory, the NHS decision maker acting for the ICB) with the Board's quorum and
 * consensus as the council keeps them in its directory, so that a Board with a co-opted seat can
 * record its meetings. Version 4 takes every seat's constituency as a partner: a Healthwatch seat
 * (ToR 2.3: "other agency representatives may be co-opted as necessary") becomes a third partner
 * needing 2 members present and its own assent, and the Board is inquorate. Here:
 *
 * - the quorum (total and minimums) and the consensus blocs are the Board's rules in the directory
 *   (bodies.rules: quorum.total, quorum.minimums, decision.blocs; body-rules.schema.ts), the
 *   council's data: for a Board as the ToR has it, 4 present with 2 from each of the two partners
 *   (council and ICB, or CCG before July 2022), each partner assenting (ToR 8.1-8.3);
 * - a co-opted seat (its constituency neither a minimum nor a bloc) counts toward the total present
 *   and, present, shows a hand like any member (consensus is of those present, ToR 8.3), but it is
 *   never a partner bloc and no minimum asks for it;
 * - the rules applied are written into each meeting event's payload (`boardRules`), so the event
 *   keeps what it was judged by whatever the directory says later (replay reads the payload, never
 *   the directory). The engine reads the Board on the meeting date with its seats
 *   (libs/engine/meeting-people.check.ts) and hands it to validation (councilRules().meetingBody):
 *   a payload without `boardRules` gets the directory's; one that gives them must give the
 *   directory's, or is refused BOARD_RULES_NOT_AS_IN_DIRECTORY naming the rule that differs.
 *   Outside the engine (recorded traces) the payload's own rules are applied, as the engine
 *   recorded them. Rules deciding by majority are refused: the JCB takes delegated decisions only
 *   after consensus (ToR 8.1).
 */

const v4 = jcbDelegatedDecisionV4;

/** The Board's rules a meeting event applies: its quorum and its decision rule, as the directory holds them. */
export const boardRulesSchema = z
  .object({ quorum: quorumSchema, decision: decisionRuleSchema })
  .strict();
export type BoardRules = z.output<typeof boardRulesSchema>;

export type BoardRulesResolved =
  { ok: true; rules: BoardRules } | { ok: false; code: string; explanation: string[] };

/** The rules one by one, as a refusal names them in words. */
const RULES: [string, (r: BoardRules) => unknown][] = [
  ['quorum (the members present it needs)', (r) => r.quorum.total],
  ['quorum’s least number from each partner', (r) => r.quorum.minimums],
  ['quorum’s source', (r) => r.quorum.source],
  ['way of deciding', (r) => r.decision.kind],
  [
    'partners who must each agree',
    (r) => (r.decision.kind === 'consensus' ? r.decision.blocs : null),
  ],
  ['decision rule’s source', (r) => r.decision.source],
];

const said = (v: unknown) =>
  Array.isArray(v)
    ? v.length === 0
      ? 'none'
      : v
          .map((x) =>
            typeof x === 'object' && x !== null && 'category' in x
              ? `${(x as { min: number }).min} ${(x as { category: string }).category}`
              : String(x),
          )
          .join(', ')
    : JSON.stringify(v);

/**
 * The payload's rules, else the directory's (the engine's read of the Board); checked against each
 * other. BOARD_RULES_UNKNOWN's lines in the version's wording: versions 5 to 8 as they recorded them.
 */
export const boardRulesResolver = (wording: LineWording) =>
  function resolveBoardRules(given: BoardRules | undefined): BoardRulesResolved {
    const body = councilRules().meetingBody;
    const held = body?.rules ? { quorum: body.rules.quorum, decision: body.rules.decision } : null;
    if (given && held) {
      const differs = RULES.find(
        ([, read]) => canonicalize(read(given)) !== canonicalize(read(held)),
      );
      if (differs)
        return {
          ok: false,
          code: 'BOARD_RULES_NOT_AS_IN_DIRECTORY',
          explanation: [
            `the rules sent with the meeting give the ${body!.name}’s ${differs[0]} as ${said(differs[1](given))}, but the council’s directory holds ${said(differs[1](held))}`,
            `send no rules with the meeting to apply the ones the directory holds, or change the ${body!.name}’s rules in the directory first`,
          ],
        };
    }
    const rules = given ?? held;
    if (!rules)
      return {
        ok: false,
        code: 'BOARD_RULES_UNKNOWN',
        explanation:
          wording === 'people'
            ? [
                body
                  ? `the council’s directory holds no quorum or decision rule for the ${body.name}`
                  : 'no rules were sent with the meeting, and the council’s directory holds none for the Board',
                `an administrator records the ${body?.name ?? 'Board'}’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)`,
              ]
            : [
                body
                  ? `the council’s directory holds no quorum or decision rule for the ${body.name}`
                  : 'the event does not give the Board’s rules (boardRules)',
                'record the Board’s quorum and consensus blocs in the directory (JCB terms of reference 8.1)',
              ],
      };
    if (rules.decision.kind !== 'consensus')
      return {
        ok: false,
        code: 'BOARD_DECIDES_BY_MAJORITY',
        explanation: [
          `the Board’s rules say it decides by majority (${rules.decision.source})`,
          'a decision under the JCB’s delegation needs the Board’s consensus by a show of hands (JCB terms of reference 8.1): correct the Board’s decision rule in the directory',
        ],
      };
    return { ok: true, rules };
  };

/** The quorum under the Board's rules; a co-opted seat counts toward the total only. */
function quorumOf(_members: unknown, rules?: BoardRules): QuorumRule {
  return {
    body: 'Joint Commissioning Board',
    source: `${rules?.quorum.source ?? 'the Board’s rules'}, as the council’s directory holds them`,
    total: rules?.quorum.total ?? 1,
    minimums: rules?.quorum.minimums ?? [],
  };
}

const blocsOf = (_members: unknown, rules?: BoardRules): string[] =>
  rules?.decision.kind === 'consensus' ? rules.decision.blocs : [];

/**
 * The meeting payloads under the Board's rules, their refusal lines in the version's wording; with
 * `partnerNames` (version 10), the show of hands says and records the partners' names; with
 * `resolveRules` (version 12), the Board's rules are resolved by it, not by this version's resolver.
 */
export const meetingPayloadsIn = (
  wording: LineWording,
  partnerNames?: JcbPartners<BoardRules>['partnerNames'],
  resolveRules: (given: BoardRules | undefined) => BoardRulesResolved = boardRulesResolver(wording),
) =>
  jcbMeetingPayloads<BoardRules>({
    partner: constituencySchema.shape.key,
    quorum: quorumOf,
    blocs: blocsOf,
    boardRules: { schema: boardRulesSchema, resolve: resolveRules },
    wording,
    ...(partnerNames ? { partnerNames } : {}),
  });

const MEETING = meetingPayloadsIn('recorded');

export const jcbDelegatedDecisionV5: WorkflowTemplate = {
  ...v4,
  version: 5,
  events: {
    ...v4.events,
    RECORD_ATTENDANCE: {
      ...v4.events.RECORD_ATTENDANCE,
      payload: MEETING.attendancePayload,
      description:
        'Record the members (with the constituency each seat represents in the directory), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate under its rules in the directory (recorded with the event as boardRules); a co-opted seat counts toward the total only.',
    },
    RECORD_SHOW_OF_HANDS: {
      ...v4.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is every eligible member present for and each partner bloc of the Board’s rules assenting; without it, the Chair’s choice to defer or refer back.',
    },
  },
};
