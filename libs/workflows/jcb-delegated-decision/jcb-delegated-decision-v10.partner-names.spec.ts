import {
  handsRecorded as recorded,
  handsRefused as refusal,
  inTheEngine,
  jcbBoardNaming as board,
} from '../../testing/jcb-show-of-hands-check.service';
import type { WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV10 } from './jcb-delegated-decision-v10.template';
import { JCB_V10_PARTNER_NAMES, JCB_V10_TRACES } from './jcb-delegated-decision-v10.traces';
import { jcbDelegatedDecisionV9 } from './jcb-delegated-decision-v9.template';

/*
 * Version 10 names the Board's partners in its show of hands as the council's directory names them
 * that day, and records those names with the event; version 9, released, keeps the keys its traces
 * hold. The events are version 10's trace plan's (version 9's, the names added).
 */

const events = JCB_V10_TRACES.events;
const hands = (name: string) => events[name].payload;
const { partnerNames: _given, ...withoutNames } = hands('RECORD_SHOW_OF_HANDS, consensus');

const KEY_LINE = /^(council|icb|healthwatch)\b|\((council|icb|healthwatch)\)/;

describe('JCB delegated decision v10: the partners named in its show of hands, as recorded that day', () => {
  it('says each partner by its name, not its key, and records the names it said', () => {
    const v10 = recorded(jcbDelegatedDecisionV10, hands('RECORD_SHOW_OF_HANDS, consensus'));
    expect(v10.explanation).toEqual(
      expect.arrayContaining([
        'Council (Cabinet): 3 of 3 for: assents',
        'Integrated Care Board: 3 of 3 for: assents',
        'Dr Dev Shah (Integrated Care Board): for',
      ]),
    );
    expect(v10.explanation.filter((l) => KEY_LINE.test(l))).toEqual([]);
    expect(v10.partnerNames).toEqual({
      council: 'Council (Cabinet)',
      icb: 'Integrated Care Board',
    });
    // Version 9, released, says the keys for the same show of hands (its traces hold them).
    const v9 = recorded(jcbDelegatedDecisionV9, withoutNames);
    expect(v9.explanation).toEqual(
      expect.arrayContaining(['icb: 3 of 3 for: assents', 'Dr Dev Shah (icb): for']),
    );
  });

  it('names the partners in the Chair’s choice it asks for when there is no consensus', () => {
    const r = refusal(
      jcbDelegatedDecisionV10,
      hands('RECORD_SHOW_OF_HANDS, no consensus and no choice by the Chair'),
    );
    expect(r).toHaveLength(1);
    expect(r![0]).toMatch(/^CHAIR_CHOICE_REQUIRED: /);
    expect(r![0]).toContain('Integrated Care Board: 2 of 3 for: does not assent');
    expect(r![0]).not.toMatch(/\bicb\b/);
  });

  it('in the engine, records the names the directory holds that day; the record keeps them after the directory renames a partner', () => {
    const day = board({ ...JCB_V10_PARTNER_NAMES, icb: 'NHS Hampshire and Isle of Wight' });
    const stored = inTheEngine(day, () => recorded(jcbDelegatedDecisionV10, withoutNames));
    expect(stored.partnerNames).toEqual({
      council: 'Council (Cabinet)',
      icb: 'NHS Hampshire and Isle of Wight',
    });
    expect(stored.explanation).toContain('NHS Hampshire and Isle of Wight: 3 of 3 for: assents');
    // Replayed outside the engine (what a certificate or a replay reads), the stored payload says
    // the same, whatever the directory holds now.
    const again = recorded(jcbDelegatedDecisionV10, stored);
    expect(again.explanation).toEqual(stored.explanation);
    expect(again.partnerNames).toEqual(stored.partnerNames);
  });

  it('in the engine, refuses names sent that are not the directory’s, saying both', () => {
    const r = inTheEngine(board({ ...JCB_V10_PARTNER_NAMES, icb: 'Integrated Care Board' }), () =>
      refusal(jcbDelegatedDecisionV10, {
        ...withoutNames,
        partnerNames: { ...JCB_V10_PARTNER_NAMES, icb: 'The ICB' },
      }),
    );
    expect(r).toEqual([
      'PARTNER_NAME_NOT_AS_IN_DIRECTORY: the show of hands was sent naming a partner “The ICB”, where the council’s directory names it Integrated Care Board; send no names with the show of hands to record the directory’s, or change the partner’s name in the directory first',
    ]);
  });

  it('refuses a show of hands whose partner has no name, by the member who sits for it, never by its key', () => {
    const r = refusal(jcbDelegatedDecisionV10, withoutNames);
    expect(r).toEqual([
      'PARTNER_NAME_UNKNOWN: Cllr Ada Fox’s seat represents a partner that has no name in the council’s directory; an administrator names each of the Board’s constituencies in the directory, so that the show of hands says who assents',
    ]);
  });

  it('refuses a decision taken as a CCG member in words, without the seat’s key', () => {
    const asCcg = { ...events['RECORD_DECISION, as a CCG member'].payload };
    const problems = (t: WorkflowTemplate) =>
      t.events.RECORD_DECISION.payload.safeParse(asCcg).error?.issues.map((i) => i.message);
    expect(problems(jcbDelegatedDecisionV10)).toEqual([
      'CCGs were abolished on 1 July 2022: an NHS member of the Board decides as a member for the Integrated Care Board, not for a CCG',
    ]);
    // Version 9, released, keeps the line its traces hold.
    expect(problems(jcbDelegatedDecisionV9)![0]).toMatch(/\(icbMember\)$/);
  });
});
