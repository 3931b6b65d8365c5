import { decideMajority, decideShowOfHands, type Hand, type ShownHand } from './consensus.service';
import {
  assessQuorum,
  JCB_QUORUM,
  type AttendanceEntry,
  type BodyMember,
  type RollEntry,
} from './quorum.service';

/*
 * A show of hands' lines name the partners as the council's directory names them (the names given
 * by key); without names, the keys, as the JCB's released versions recorded them.
 */

const PARTNERS = ['council', 'ccg'];
const member = (id: string, partner: 'council' | 'ccg'): BodyMember => ({
  personId: id,
  name: id,
  categories: [],
  partner,
});
const jcb = ['cab-1', 'cab-2', 'cab-3'].map((id) => member(id, 'council'));
jcb.push(...['ccg-1', 'ccg-2', 'ccg-3'].map((id) => member(id, 'ccg')));
const here = (personId: string): AttendanceEntry => ({
  personId,
  name: personId,
  status: 'present',
});
const q = assessQuorum(JCB_QUORUM, jcb, ['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map(here), []);
if (!q.ok) throw new Error(q.code);
const fourPresent = q;
const hands = (entries: Record<string, Hand>): ShownHand[] =>
  Object.entries(entries).map(([personId, hand]) => ({ personId, hand }));
const allFor = hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'for' });

describe('decideShowOfHands and decideMajority: the partners by the names the council gives them', () => {
  const NAMES = { council: 'Southampton City Council', ccg: 'NHS Hampshire and Isle of Wight' };
  const keysIn = (lines: string[]) =>
    lines.filter((l) =>
      /\b(council|ccg)\b/.test(l.replace(/Southampton City Council|(cab|ccg)-\d/g, '')),
    );

  it('names each member’s partner and each bloc by its name, never its key', () => {
    const r = decideShowOfHands({
      quorum: fourPresent,
      partners: PARTNERS,
      partnerNames: NAMES,
      hands: hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'against' }),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(r.explanation).toEqual(
      expect.arrayContaining([
        'cab-1 (Southampton City Council): for',
        'ccg-2 (NHS Hampshire and Isle of Wight): against',
        'Southampton City Council: 2 of 2 for: assents',
        'NHS Hampshire and Isle of Wight: 1 of 2 for: does not assent',
      ]),
    );
    expect(keysIn(r.explanation)).toEqual([]);
  });

  it('says a partner with nobody eligible present cannot assent, by its name', () => {
    const roll: RollEntry[] = ['cab-1', 'cab-2'].map((id) => ({
      personId: id,
      name: id,
      seatPersonId: id,
      categories: ['council'],
      partner: 'council',
      present: true,
      excludedByInterest: false,
      counted: true,
    }));
    const r = decideShowOfHands({
      quorum: { quorate: true, roll },
      partners: PARTNERS,
      partnerNames: NAMES,
      hands: hands({ 'cab-1': 'for', 'cab-2': 'for' }),
      chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
    });
    expect(r.explanation).toContain(
      'NHS Hampshire and Isle of Wight: no eligible member present, so it cannot assent',
    );
    expect(keysIn(r.explanation)).toEqual([]);
  });

  it('names the partner in a refusal’s lines too (the Chair’s choice missing)', () => {
    const r = decideShowOfHands({
      quorum: fourPresent,
      partners: PARTNERS,
      partnerNames: NAMES,
      hands: hands({ 'cab-1': 'for', 'cab-2': 'for', 'ccg-1': 'for', 'ccg-2': 'against' }),
    });
    expect(r.ok).toBe(false);
    expect(keysIn(r.explanation)).toEqual([]);
  });

  it('names each member’s partner under a majority rule', () => {
    const r = decideMajority({
      quorum: fourPresent,
      source: 'standing orders',
      partnerNames: NAMES,
      hands: allFor,
    });
    expect(r.explanation).toContain('ccg-1 (NHS Hampshire and Isle of Wight): for');
    expect(keysIn(r.explanation)).toEqual([]);
  });

  it('keeps the key where no name is given: the lines released JCB versions recorded', () => {
    const r = decideShowOfHands({ quorum: fourPresent, partners: PARTNERS, hands: allFor });
    expect(r.explanation).toContain('ccg: 2 of 2 for: assents');
  });
});
