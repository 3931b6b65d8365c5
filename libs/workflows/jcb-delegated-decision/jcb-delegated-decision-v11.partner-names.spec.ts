import {
  handsRecorded as recorded,
  handsRefused as refusal,
  inTheEngine,
  jcbBoardNaming,
} from '../../testing/jcb-show-of-hands-check.service';
import { jcbDelegatedDecisionV10 } from './jcb-delegated-decision-v10.template';
import { JCB_V10_PARTNER_NAMES } from './jcb-delegated-decision-v10.traces';
import { jcbDelegatedDecisionV11 } from './jcb-delegated-decision-v11.template';
import { JCB_V11_TRACES } from './jcb-delegated-decision-v11.traces';
import { directoryPartnerNames } from './jcb-partner-names.service';

/*
 * Version 11 names the Board's partners in its show of hands only as the council's directory names
 * them that day: a partner the directory names nowhere is refused whatever name the event sends,
 * where version 10, released, recorded the name sent. The events are version 11's trace plan's.
 */

const hands = (name: string) => JCB_V11_TRACES.events[name].payload;
const { partnerNames: _given, ...withoutNames } = hands('RECORD_SHOW_OF_HANDS, consensus');

/** The Board as the engine reads it from the directory for the meeting date. */
const board = (partnerNames: Record<string, string>) => jcbBoardNaming(partnerNames);

/** The directory of the day, the council's constituency not named in it. */
const { council: _council, ...councilUnnamed } = JCB_V10_PARTNER_NAMES;
const TYPED = { ...JCB_V10_PARTNER_NAMES, council: 'Southampton City Council' };

describe('JCB delegated decision v11: a partner is named only as the council’s directory names it', () => {
  it('in the engine, refuses a show of hands whose partner the directory does not name, whatever name is sent, by the member who sits for it', () => {
    const r = inTheEngine(board(councilUnnamed), () =>
      refusal(jcbDelegatedDecisionV11, { ...withoutNames, partnerNames: TYPED }),
    );
    expect(r).toEqual([
      'PARTNER_NAME_UNKNOWN: Cllr Ada Fox’s seat represents a partner that has no name in the council’s directory; the name sent with the show of hands (“Southampton City Council”) is not recorded: a partner is named only as the council’s directory names it; an administrator names each of the Joint Commissioning Board’s constituencies in the directory, so that the show of hands says who assents',
    ]);
    // Version 10, released, recorded the name the event sent for it.
    const v10 = inTheEngine(board(councilUnnamed), () =>
      recorded(jcbDelegatedDecisionV10, { ...withoutNames, partnerNames: TYPED }),
    );
    expect(v10.partnerNames?.council).toBe('Southampton City Council');
  });

  it('in the engine, refuses the same show of hands sent without names, without speaking of a name sent', () => {
    const r = inTheEngine(board(councilUnnamed), () =>
      refusal(jcbDelegatedDecisionV11, withoutNames),
    );
    expect(r).toEqual([
      'PARTNER_NAME_UNKNOWN: Cllr Ada Fox’s seat represents a partner that has no name in the council’s directory; an administrator names each of the Joint Commissioning Board’s constituencies in the directory, so that the show of hands says who assents',
    ]);
  });

  it('in the engine, records the directory’s names, refusing a name sent that is not the directory’s as version 10 does', () => {
    const day = board({ ...JCB_V10_PARTNER_NAMES, icb: 'NHS Hampshire and Isle of Wight' });
    const stored = inTheEngine(day, () => recorded(jcbDelegatedDecisionV11, withoutNames));
    expect(stored.partnerNames).toEqual({
      council: 'Council (Cabinet)',
      icb: 'NHS Hampshire and Isle of Wight',
    });
    expect(stored.explanation).toContain('NHS Hampshire and Isle of Wight: 3 of 3 for: assents');
    const same = inTheEngine(day, () =>
      recorded(jcbDelegatedDecisionV11, { ...withoutNames, partnerNames: stored.partnerNames }),
    );
    expect(same.partnerNames).toEqual(stored.partnerNames);
    expect(
      inTheEngine(day, () =>
        refusal(jcbDelegatedDecisionV11, { ...withoutNames, partnerNames: { icb: 'The ICB' } }),
      ),
    ).toEqual([
      'PARTNER_NAME_NOT_AS_IN_DIRECTORY: the show of hands was sent naming a partner “The ICB”, where the council’s directory names it NHS Hampshire and Isle of Wight; send no names with the show of hands to record the directory’s, or change the partner’s name in the directory first',
    ]);
    // Replayed outside the engine, the stored payload reads back the names the engine wrote.
    const again = recorded(jcbDelegatedDecisionV11, stored);
    expect(again.explanation).toEqual(stored.explanation);
    expect(again.partnerNames).toEqual(stored.partnerNames);
  });

  it('takes no partner’s name from a word every object answers to ("constructor")', () => {
    const r = inTheEngine(board({}), () =>
      directoryPartnerNames({ constructor: 'Typed' }, [
        { key: 'constructor', member: 'Hana Webb' },
      ]),
    );
    expect(r).toMatchObject({ ok: false, code: 'PARTNER_NAME_UNKNOWN' });
  });
});
