import type { Actor } from '../libs/core/actor.dto';
import type { BcfWorld } from '../libs/testing/world.factory';
import type { TestDatabase } from '../libs/testing/test-database.service';
import {
  JCB_V1_LATER_MEETING as LATER_MEETING,
  JCB_V1_MEETING as MEETING,
  type JcbV1Journey,
  jcbV1JourneyHarness,
} from '../libs/testing/jcb-v1-journey-harness.service';

/*
 * Version 1 of the JCB delegated decision driven through the engine, from notices to implementable,
 * and the Board's rules on the way: quorum, interests, consensus, the delegation's limit and
 * conditions, call-in, urgency. Its publication (notice, register) and the same journey through the
 * HTTP API are in test/jcb-delegated-decision-publication and -api.e2e-spec.ts.
 */
describe('JCB delegated decision, from notices to implementable', () => {
  const j = jcbV1JourneyHarness();
  const {
    id,
    meeting,
    allFor,
    notices,
    decision,
    send,
    refusal,
    openCase,
    toShowOfHands,
    publish,
  } = j;
  let db: TestDatabase;
  let world: BcfWorld;
  let h: JcbV1Journey['h'];
  let actors: Record<string, Actor>;
  beforeAll(() => ({ db, world, h, actors } = j.ready()));

  it('runs notices → quorate meeting → consensus → decision → both signatures → publication → call-in period → implementable', async () => {
    const caseId = await openCase();

    const late = await refusal(
      send(caseId, 'RECORD_NOTICES', notices({ reportPublishedOn: '2025-09-01' })),
    );
    expect(late.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(late.messages).toEqual([expect.stringMatching(/^REPORT_LATE: .*at least 5 needed/)]);

    const noticed = await send(caseId, 'RECORD_NOTICES', notices());
    expect(noticed.state.key).toBe('beforeMeeting.meeting');

    const quorate = await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
    expect(quorate.state.summary).toBe(
      'Quorate: awaiting the show of hands at the meeting on Thursday 4 September 2025',
    );

    const consensus = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor(),
    });
    expect(consensus.state.key).toBe('awaitingDecision');

    // Only the delegate may decide.
    await expect(send(caseId, 'RECORD_DECISION', decision())).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const decided = await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    expect(decided.state.summary).toBe(
      'Awaiting the Decision Notice signature of the decision maker and the Proper Officer',
    );

    // Either order: the Proper Officer first.
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    const signed = await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    expect(signed.state.key).toBe('awaitingPublication');

    h.clock.set('2025-09-05T09:00:00Z');
    const published = await send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    expect(published.state.summary).toBe(
      'Published: call-in period ends Friday 12 September 2025; implementable from Monday 15 September 2025 if not called in',
    );
    expect(published.openDeadlines.map((d) => [d.key, d.dueAt])).toEqual([
      ['callIn', '2025-09-12T23:00:00.000Z'],
    ]);

    h.clock.set('2025-09-12T23:30:00Z');
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    const done = await h.views.get(world.tenantId, caseId);
    expect(done.state.key).toBe('implementable');
    expect(done.state.closed).toBe(true);
    expect(done.state.summary).toContain('Implementable from Monday 15 September 2025');
    expect((await h.audit.verifyCase(world.tenantId, caseId)).ok).toBe(true);
  });

  it('refuses an inquorate meeting with the quorum explanation, and writes nothing', async () => {
    const caseId = await openCase();
    await send(caseId, 'RECORD_NOTICES', notices());
    const before = await h.views.get(world.tenantId, caseId);
    const r = await refusal(
      send(caseId, 'RECORD_ATTENDANCE', {
        meeting: meeting(MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] }),
      }),
    );
    expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(r.messages).toEqual([
      expect.stringMatching(
        /^INQUORATE: .*CCG members present and counted: 1, at least 2 needed: not met/,
      ),
    ]);
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(before.version);
  });

  it('excludes a member with a disclosable pecuniary interest and refuses their vote', async () => {
    const caseId = await openCase();
    await send(caseId, 'RECORD_NOTICES', notices());
    const declarations = [
      { personId: id('ccg3'), kind: 'disclosablePecuniary', nature: 'Trustee of a bidder' },
    ];
    const m = meeting(MEETING, { declarations });
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: m });
    const r = await refusal(send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: m, hands: allFor() }));
    expect(r.messages).toEqual([expect.stringMatching(/^VOTER_EXCLUDED: Dr Finn Roy is excluded/)]);
    const ok = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: m,
      hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
    });
    expect(ok.state.key).toBe('awaitingDecision');
  });

  it('defers without consensus, reconsiders at a later meeting and then reaches consensus', async () => {
    const caseId = await openCase();
    await toShowOfHands(caseId);
    const noChoice = await refusal(
      send(caseId, 'RECORD_SHOW_OF_HANDS', {
        meeting: meeting(),
        hands: allFor({ ccg2: 'against' }),
      }),
    );
    expect(noChoice.messages).toEqual([expect.stringMatching(/^CHAIR_CHOICE_REQUIRED: /)]);
    const deferred = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor({ ccg2: 'against' }),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.state.key).toBe('deferred');
    h.clock.set(`${LATER_MEETING}T18:00:00Z`);
    const again = await send(caseId, 'RECONSIDER', {
      talkedOn: '2025-09-10',
      note: 'The Chair and the CCG lead agreed a revised specification',
      meetingDate: LATER_MEETING,
    });
    expect(again.state.summary).toBe(
      'Awaiting attendance and declarations at the meeting on Thursday 2 October 2025',
    );
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting(LATER_MEETING) });
    const agreed = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(LATER_MEETING),
      hands: allFor(),
    });
    expect(agreed.state.key).toBe('awaitingDecision');
  });

  it('refuses £2.5M by a Cabinet member, and £1.5M agreed by only 2 of 3 Cabinet members', async () => {
    const caseId = await openCase();
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    const over = await refusal(
      send(caseId, 'RECORD_DECISION', decision({ amount: 2_500_000 }), actors.cab1),
    );
    expect(over.messages).toEqual([
      expect.stringMatching(/^OVER_LIMIT: .*£2,500,000 against a limit of £2,000,000: not met/),
    ]);
    const two = await refusal(
      send(
        caseId,
        'RECORD_DECISION',
        decision({ cabinetMembersAgreeing: [id('cab1'), id('cab2')] }),
        actors.cab1,
      ),
    );
    expect(two.messages).toEqual([
      expect.stringMatching(/^CONDITION_NOT_MET: .*2 of 3 agree: not met/),
    ]);
    expect((await h.views.get(world.tenantId, caseId)).state.key).toBe('awaitingDecision');
  });

  it('suspends implementability on call-in until the outcome confirms the decision', async () => {
    h.clock.set('2025-08-01T09:00:00Z');
    const caseId = await openCase();
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    h.clock.set('2025-09-05T09:00:00Z');
    await send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    h.clock.set('2025-09-10T09:00:00Z');
    const called = await send(caseId, 'CALL_IN', {
      calledInOn: '2025-09-10',
      calledInBy: 'Cllr Gray and Cllr Hunt',
      reasons: 'The consultation with carers was too short',
    });
    expect(called.state.key).toBe('callInPeriod.suspended');
    expect(called.openDeadlines).toEqual([]);
    h.clock.set('2025-09-16T09:00:00Z');
    // Other cases' deadlines may fire; this case has none armed while suspended.
    await h.sweep.sweep();
    expect((await h.views.get(world.tenantId, caseId)).state.key).toBe('callInPeriod.suspended');
    h.clock.set('2025-09-22T09:00:00Z');
    const confirmed = await send(caseId, 'RECORD_CALL_IN_OUTCOME', {
      result: 'decisionConfirmed',
      recordedOn: '2025-09-22',
      minuteReference: 'HOSP 22 Sep 2025, minute 5',
    });
    expect(confirmed.state.key).toBe('implementable');
    expect(confirmed.state.summary).toContain('Implementable from Monday 22 September 2025');
  });

  it('counts the council’s own call-in period when it publishes a decision', async () => {
    await db.ds.query(
      `UPDATE tenants SET settings = '{"callIn":{"periodWorkingDays":3}}' WHERE tenant_id = $1`,
      [world.tenantId],
    );
    try {
      const caseId = await openCase('Short call-in council');
      const published = await publish(caseId);
      expect(published.state.summary).toBe(
        'Published: call-in period ends Wednesday 10 September 2025; implementable from Thursday 11 September 2025 if not called in',
      );
    } finally {
      await db.ds.query(`UPDATE tenants SET settings = '{}' WHERE tenant_id = $1`, [
        world.tenantId,
      ]);
    }
  });

  it('checks a decision against the limit its delegation has in the directory', async () => {
    const caseId = await openCase('Carers programme grant', 'jcbSmall');
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    const r = await refusal(send(caseId, 'RECORD_DECISION', decision(), actors.cab1));
    expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(r.messages).toEqual([
      expect.stringMatching(/^OVER_LIMIT: .*£1,500,000 against a limit of £1,000,000: not met/),
    ]);
    await expect(
      send(caseId, 'RECORD_DECISION', decision({ amount: 900_000 }), actors.cab1),
    ).resolves.toMatchObject({
      state: { key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting' },
    });
  });

  it('takes a key decision without the forward plan notice only under special urgency, and says so', async () => {
    const caseId = await openCase('Urgent winter beds');
    const refused = await refusal(
      send(caseId, 'RECORD_NOTICES', notices({ forwardPlanPublishedOn: null })),
    );
    expect(refused.messages).toEqual([expect.stringMatching(/^KEY_DECISION_NOTICE_NOT_MET: /)]);
    const noticed = await send(
      caseId,
      'RECORD_NOTICES',
      notices({
        forwardPlanPublishedOn: null,
        specialUrgency: {
          agreedBy: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          agreedOn: '2025-08-28',
        },
      }),
    );
    expect(noticed.state.key).toBe('beforeMeeting.meeting');
    const verdicts = (
      noticed.context as { notices: { verdicts: { code: string }[] } }
    ).notices.verdicts.map((v) => v.code);
    expect(verdicts).toContain('KEY_DECISION_SPECIAL_URGENCY');
  });
});
