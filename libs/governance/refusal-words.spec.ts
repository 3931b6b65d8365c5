import { decideShowOfHands } from './consensus.service';
import { checkDecisionUnderDelegation, type Delegation } from './delegation-limits.service';
import { checkGrant } from './delegation-scheme.service';
import { assessQuorum, checkAttendance, JCB_QUORUM, type BodyMember } from './quorum.service';

/**
 * Refusal lines a governance lead reads name people and powers in words: the ids and scope keys a
 * payload carries are never repeated back (an id is nobody's word for a person).
 */

const seat = (id: string, name: string, partner: string): BodyMember => ({
  personId: id,
  name,
  categories: [],
  partner,
});
const board = [
  seat('cab-1', 'Cllr Ada Fox', 'council'),
  seat('cab-2', 'Cllr Ben Ray', 'council'),
  seat('ccg-1', 'Dr Dev Shah', 'ccg'),
  seat('ccg-2', 'Dr Eve Long', 'ccg'),
];
const present = (personId: string, name: string, substituteFor?: string) => ({
  personId,
  name,
  status: 'present' as const,
  ...(substituteFor ? { substituteFor } : {}),
});

describe('governance refusal lines in people’s words', () => {
  it('says which hand is for someone not in the attendance by its place, not by the id sent', () => {
    const q = assessQuorum(
      JCB_QUORUM,
      board,
      board.map((s) => present(s.personId, s.name)),
    );
    if (!q.ok) throw new Error(q.code);
    const hands = board.map((s) => ({ personId: s.personId, hand: 'for' as const }));
    expect(
      decideShowOfHands({
        quorum: q,
        partners: ['council', 'ccg'],
        hands: [...hands.slice(0, 2), { personId: 'visitor-77', hand: 'for' }, ...hands.slice(2)],
      }),
    ).toEqual({
      ok: false,
      code: 'VOTER_NOT_ATTENDING',
      explanation: [
        'hand 3 of those recorded is for someone not in the attendance: only members present may show a hand',
      ],
    });
  });

  it('refuses a substitute for someone who holds no seat without naming them by the id sent', () => {
    expect(checkAttendance(board, [present('sub-9', 'Cllr Cy Moss', 'nobody-12')])).toEqual({
      ok: false,
      code: 'SUBSTITUTE_FOR_NON_MEMBER',
      explanation: [
        'Cllr Cy Moss is recorded as a substitute for someone who is not a member: record them as substitute for the member whose seat they fill',
      ],
    });
  });

  it('refuses an onward delegation by naming the power’s delegation, not its scope key', () => {
    const validFrom = new Date('2020-01-01T00:00:00Z');
    const grantor = {
      kind: 'office' as const,
      officeId: 'chair',
      title: 'Chair of the Board',
      holds: [
        {
          validFrom,
          validUntil: null,
          revokedAt: null,
          scope: 'bcf-plan-approval',
          reference: 'minute 21/07',
          grantorName: 'Health and Wellbeing Board',
        },
      ],
    };
    const grant = {
      validFrom: new Date('2026-01-01T00:00:00Z'),
      validUntil: null,
      revokedAt: null,
      scope: 'bcf-plan-approval',
      delegate: { officeId: 'chief', title: 'Chief Executive', delegatedOnward: [] },
    };
    expect(checkGrant(grantor, grant)).toEqual({
      ok: false,
      code: 'CASCADE_FORBIDDEN',
      explanation: [
        'the Chair of the Board holds this power itself under delegation from the Health and Wellbeing Board (minute 21/07) from Wed 1 Jan 2020: a delegate may not delegate onward what was delegated to it',
      ],
    });
    const onward = { ...grant.delegate, delegatedOnward: [{ ...grantor.holds[0] }] };
    expect(checkGrant({ ...grantor, holds: [] }, { ...grant, delegate: onward })).toMatchObject({
      code: 'CASCADE_FORBIDDEN',
      explanation: [
        'the Chief Executive has itself delegated this power onward (minute 21/07): a delegate may not delegate onward, so it cannot receive this power by delegation while that stands; revoke the onward delegation first',
      ],
    });
  });

  it('checks a decision against its delegation in people’s words when the version asks for them', () => {
    const delegation: Delegation = {
      id: 'd-1',
      grantor: 'Cabinet',
      delegate: { kind: 'person', personId: 'p-1', name: 'Cllr Ada Fox' },
      scope: ['grant-award'],
      amountLimit: null,
      conditions: [],
      validFrom: new Date('2020-01-01T00:00:00Z'),
      validUntil: null,
      revokedAt: null,
      grantedUnderDelegationId: '7d0c2a43-2f4e-4f59-9c61-2b8f2b1b8a11',
      reference: 'Cabinet minute 12',
    };
    const decision = {
      kind: 'procurement-award',
      amount: null,
      proposerPersonId: 'p-2',
      deciderPersonId: 'p-1',
      deciderOfficeIds: [],
      at: new Date('2025-09-04T12:00:00Z'),
      evidence: {},
    };
    const people = checkDecisionUnderDelegation(delegation, decision, 'people');
    expect(people).toMatchObject({ ok: false });
    expect(people.explanation).toEqual(
      expect.arrayContaining([
        'it was made by a delegate, under a delegation made to it; a delegate may not delegate again: not met',
        'the decision is not of a kind the delegation covers: not met',
      ]),
    );
    expect(people.explanation.join('\n')).not.toMatch(/7d0c2a43|procurement-award|grant-award/);
    // The released versions' words, as their traces recorded them, by default.
    expect(checkDecisionUnderDelegation(delegation, decision).explanation).toEqual(
      expect.arrayContaining([
        'it was made under delegation 7d0c2a43-2f4e-4f59-9c61-2b8f2b1b8a11; a delegate may not delegate again: not met',
        'decision kind "procurement-award" is not within its scope (grant-award): not met',
      ]),
    );
  });
});
