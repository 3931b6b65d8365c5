import type { BcfWorld } from '../libs/testing/world.factory';
import {
  JCB_MEETING as MEETING,
  JCB_NEXT_MEETING as NEXT_MEETING,
  jcbMeetingsApiHarness,
} from '../libs/testing/jcb-meetings-api-harness.service';

/*
 * What a JCB meeting decides, through the API: each item's show of hands (consensus, deferral by the
 * Chair), members excluded by an interest or taking part under a dispensation, the notice rules a key
 * decision must meet, and the approval of the previous meeting's minutes, all refused when inquorate.
 */
describe('decisions at a JCB meeting through the API', () => {
  const m = jcbMeetingsApiHarness();
  const { clock, id, officer, api, item, count } = m;
  let world: BcfWorld;
  let meetingId: string;
  let items: Record<string, string>;
  beforeAll(async () => {
    ({ world } = m.ready());
    ({ meetingId, items } = await m.meetingInSession());
  });

  it('records consensus when every eligible member present is for', async () => {
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.pooled}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
          personId: id(k),
          hand: 'for',
        })),
      })
      .expect(201);
    const pooled = item(res.body, items.pooled);
    expect(pooled.outcome).toMatchObject({
      outcome: 'consensus',
      tally: { for: 5, against: 0, abstain: 0 },
    });
    expect(pooled.outcome?.explanation).toEqual(
      expect.arrayContaining([
        'consensus: every eligible member present supports and each partner assents',
      ]),
    );
    expect(pooled.votes).toHaveLength(5);
    const again = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.pooled}/show-of-hands`)
      .set(officer())
      .send({ hands: [] })
      .expect(422);
    expect(again.body.rule).toBe('ITEM_ALREADY_DECIDED');
  });

  it('records a deferral when one CCG member dissents and the Chair defers after consulting', async () => {
    const hands = ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
      personId: id(k),
      hand: k === 'sub' ? 'against' : 'for',
    }));
    const noChoice = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.carers}/show-of-hands`)
      .set(officer())
      .send({ hands })
      .expect(422);
    expect(noChoice.body.rule).toBe('CHAIR_CHOICE_REQUIRED');
    // The partners by the names the Board's rules give them, never their keys.
    expect(noChoice.body.explanation).toEqual(
      expect.arrayContaining(['CCG Governing Body: 2 of 3 for: does not assent']),
    );
    expect(JSON.stringify(noChoice.body)).not.toMatch(/\((council|ccg)\)|\b(council|ccg): /);
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.carers}/show-of-hands`)
      .set(officer())
      .send({ hands, chairChoice: { outcome: 'deferred', consultedThosePresent: true } })
      .expect(201);
    const carers = item(res.body, items.carers);
    expect(carers.outcome).toMatchObject({
      outcome: 'deferred',
      tally: { for: 4, against: 1, abstain: 0 },
    });
    expect(carers.outcome?.explanation).toEqual(
      expect.arrayContaining([
        'Council (Cabinet): 2 of 2 for: assents',
        'CCG Governing Body: 2 of 3 for: does not assent',
      ]),
    );
    expect(carers.outcome?.explanation.join('\n')).not.toMatch(
      /\((council|ccg)\)|\b(council|ccg): /,
    );
  });

  it('excludes a member with a disclosable pecuniary interest, recomputes quorum, and refuses their vote', async () => {
    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/declarations`)
      .set(officer())
      .send({
        personId: id('ccg1'),
        kind: 'disclosablePecuniary',
        details: 'Spouse is a director of the bed provider',
      })
      .expect(201);
    const beds = item(declared.body, items.beds);
    expect(beds.quorum.excludedPersonIds).toEqual([id('ccg1')]);
    expect(beds.quorum.explanation).toEqual(
      expect.arrayContaining([
        'Dr Dev Shah is present but excluded by an interest for this item: does not count',
        '4 present and counted, at least 4 needed: met',
      ]),
    );
    expect(beds.declarations[0]).toMatchObject({ mayVote: false, withdrawalRecorded: true });

    const votes = await count('votes');
    const refused = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
          personId: id(k),
          hand: 'for',
        })),
      })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'VOTER_EXCLUDED',
      explanation: [
        'Dr Dev Shah is excluded from this item by a declared interest and may not vote',
      ],
    });
    expect(await count('votes')).toBe(votes);

    const decided = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'sub', 'ccg3'].map((k) => ({ personId: id(k), hand: 'for' })),
      })
      .expect(201);
    expect(item(decided.body, items.beds).outcome?.outcome).toBe('consensus');
  });

  it('lets a member with a dispensation from the register take part despite a pecuniary interest', async () => {
    const tooLong = await api()
      .post('/api/dispensations')
      .set(officer())
      .send({
        personId: id('ccg3'),
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        matters: ['care homes'],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-01-01',
        endsOn: '2030-01-02',
      })
      .expect(422);
    expect(tooLong.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'DISPENSATION_TOO_LONG',
    });

    const granted = await api()
      .post('/api/dispensations')
      .set(officer())
      .send({
        personId: id('ccg3'),
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        matters: ['care homes'],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-01-01',
        endsOn: '2026-12-31',
      })
      .expect(201);
    const listed = await api()
      .get(`/api/dispensations?person=${id('ccg3')}`)
      .set(officer())
      .expect(200);
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([granted.body.id]);

    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Care home quality fund', keyDecision: false })
      .expect(201);
    const itemId = added.body.agenda[added.body.agenda.length - 1].id as string;
    const foreign = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({
        personId: id('cab1'),
        kind: 'disclosablePecuniary',
        details: 'Owns a care home',
        dispensationId: granted.body.id,
      })
      .expect(422);
    expect(foreign.body.rule).toBe('DISPENSATION_NOT_FOUND');

    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({
        personId: id('ccg3'),
        kind: 'disclosablePecuniary',
        details: 'Partner works for a care home group',
        dispensationId: granted.body.id,
      })
      .expect(201);
    const withDispensation = item(declared.body, itemId);
    expect(withDispensation.declarations[0]).toMatchObject({ mayVote: true });
    expect(withDispensation.quorum.excludedPersonIds).toEqual([]);
  });

  it('refuses a vote on a key decision whose notice rule is not met', async () => {
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.late}/show-of-hands`)
      .set(officer())
      .send({ hands: [] })
      .expect(422);
    expect(res.body.rule).toBe('KEY_DECISION_NOTICE_NOT_MET');
    expect(res.body.explanation).toEqual(
      expect.arrayContaining(['no forward plan notice was published']),
    );
  });

  it('accepts a key decision taken under special urgency, and a late report with the chair’s reasons', async () => {
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Winter discharge fund', keyDecision: true, reportPublishedOn: '2025-09-02' })
      .expect(201);
    const itemId = added.body.agenda[added.body.agenda.length - 1].id as string;
    const codes = (body: object) =>
      item(body as never, itemId).notices.verdicts.map((v: { code: string }) => v.code);
    expect(codes(added.body)).toEqual(
      expect.arrayContaining(['KEY_DECISION_NOTICE_NOT_MET', 'REPORT_LATE']),
    );

    const bad = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/notice-routes`)
      .set(officer())
      .send({ specialUrgency: { agreedBy: 'mayor', name: 'X', agreedOn: '2025-09-01' } })
      .expect(422);
    expect(bad.body.code).toBe('INVALID_INPUT');

    const routed = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/notice-routes`)
      .set(officer())
      .send({
        specialUrgency: {
          agreedBy: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          agreedOn: '2025-09-01',
        },
        lateItemSpecialCircumstances:
          'NHS England confirmed the fund allocation on 1 September; the decision cannot wait for the next meeting.',
      })
      .expect(200);
    expect(codes(routed.body)).toEqual(
      expect.arrayContaining(['KEY_DECISION_SPECIAL_URGENCY', 'REPORT_LATE_ITEM_ACCEPTED']),
    );
    expect(item(routed.body, itemId).notices.ok).toBe(true);
  });

  it('refuses a vote and minutes approval when inquorate, then approves the minutes with amendments once quorate', async () => {
    const next = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: NEXT_MEETING, title: 'JCB, 2 October 2025' })
      .expect(201);
    const nextId = next.body.id as string;
    clock.set(`${NEXT_MEETING}T18:00:00Z`);
    const withItem = await api()
      .post(`/api/meetings/${nextId}/agenda-items`)
      .set(officer())
      .send({ title: 'Reablement service', keyDecision: false, reportPublishedOn: '2025-09-18' })
      .expect(201);
    const reablement = withItem.body.agenda[0].id as string;
    const inquorate = await api()
      .put(`/api/meetings/${nextId}/attendance`)
      .set(officer())
      .send([
        { personId: id('cab1'), status: 'present' },
        { personId: id('cab2'), status: 'present' },
        { personId: id('ccg1'), status: 'present' },
        { personId: id('ccg2'), status: 'apologies' },
      ])
      .expect(200);
    expect(inquorate.body.quorum.quorate).toBe(false);
    expect(inquorate.body.quorum.explanation).toEqual(
      expect.arrayContaining(['CCG members present and counted: 1, at least 2 needed: not met']),
    );

    const vote = await api()
      .post(`/api/meetings/${nextId}/agenda-items/${reablement}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1'].map((k) => ({ personId: id(k), hand: 'for' })),
      })
      .expect(422);
    expect(vote.body.rule).toBe('VOTE_WHEN_INQUORATE');
    expect(vote.body.explanation).toEqual(
      expect.arrayContaining(['not quorate: no decision can be taken']),
    );

    const minutes = {
      previousMeetingId: meetingId,
      amendments: ['Item 2: "Dr Eve Long" sent apologies'],
    };
    const refused = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(422);
    expect(refused.body.rule).toBe('MINUTES_WHEN_INQUORATE');
    expect(await count('minutes_approvals')).toBe(0);

    await api()
      .put(`/api/meetings/${nextId}/attendance`)
      .set(officer())
      .send([
        { personId: id('cab1'), status: 'present' },
        { personId: id('cab2'), status: 'present' },
        { personId: id('ccg1'), status: 'present' },
        { personId: id('ccg2'), status: 'present' },
      ])
      .expect(200);
    const approved = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(201);
    expect(approved.body.minutesApproved).toEqual([
      expect.objectContaining({
        previousMeetingId: meetingId,
        previousMeetingDate: MEETING,
        amendments: minutes.amendments,
        quorumExplanation: expect.arrayContaining(['quorate']),
      }),
    ]);
    const twice = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(422);
    expect(twice.body.rule).toBe('MINUTES_ALREADY_APPROVED');
  });
});
