import { councilRules } from '../council-context.service';
import {
  boardRulesResolver,
  type BoardRules,
  type BoardRulesResolved,
} from './jcb-delegated-decision-v5.template';

const inPeoplesWords = boardRulesResolver('people');

/**
 * The Board's quorum and consensus a meeting event applies (version 12): the directory's alone.
 * Versions 5 to 11, for a Board the directory holds no rules for, applied the rules the event's
 * payload gave (`boardRules`), so rules typed into an event could stand in the record for the
 * council's data. In the engine the rules are the Board's as the directory held them on the
 * meeting date (libs/engine/meeting-people.check.ts); a Board without them is refused
 * (BOARD_RULES_UNKNOWN), whatever rules were sent, and rules sent that are not the directory's are
 * refused as in version 5. Outside the engine (a recorded trace, a stored payload replayed) there
 * is no directory: the payload is the record the engine wrote, and its rules are read back.
 */
export function directoryBoardRules(given: BoardRules | undefined): BoardRulesResolved {
  const body = councilRules().meetingBody;
  if (!body) return inPeoplesWords(given);
  if (!body.rules)
    return {
      ok: false,
      code: 'BOARD_RULES_UNKNOWN',
      explanation: [
        `the council’s directory holds no quorum or decision rule for the ${body.name}`,
        ...(given === undefined
          ? []
          : [
              `the rules sent with the meeting are not applied: the ${body.name}’s rules are only the ones the council’s directory holds`,
            ]),
        `an administrator records the ${body.name}’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)`,
      ],
    };
  const held = { quorum: body.rules.quorum, decision: body.rules.decision };
  // Rules sent are compared with the directory's, and a Board deciding by majority refused, as in version 5.
  const checked = inPeoplesWords(given);
  return checked.ok ? { ok: true, rules: held } : checked;
}
