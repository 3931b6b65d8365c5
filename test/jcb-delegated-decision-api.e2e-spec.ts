import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import type { BcfWorld } from '../libs/testing/world.factory';
import {
  JCB_V1_MEETING as MEETING,
  type JcbV1Journey,
  jcbV1JourneyHarness,
} from '../libs/testing/jcb-v1-journey-harness.service';

/*
 * Version 1 of the JCB delegated decision through the HTTP API, each step sent with the right
 * person’s API key, as a client would: the journey to implementable, and the refusals (deferral,
 * quorum, interests, the delegation's limit and conditions) leaving the case unchanged.
 */
describe('JCB delegated decision through the HTTP API, each step sent with the right person’s API key', () => {
  const j = jcbV1JourneyHarness();
  const { id, meeting, allFor, notices, decision } = j;
  let world: BcfWorld;
  let h: JcbV1Journey['h'];
  let app: INestApplication;
  let keys: Record<string, string>;
  beforeAll(() => ({ world, h, app, keys } = j.ready()));

  type Problem = { code: string; problems?: { message: string }[] };
  const server = () => request(app.getHttpServer());
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const officer = () => world.keys.officer;

  async function read(caseId: string): Promise<CaseView> {
    const res = await server().get(`/api/cases/${caseId}`).set(bearer(officer())).expect(200);
    return res.body as CaseView;
  }

  async function openOverHttp(): Promise<CaseView> {
    h.clock.set('2025-08-01T09:00:00Z');
    const res = await server()
      .post('/api/cases')
      .set(bearer(officer()))
      .send({
        template: 'jcb-delegated-decision',
        templateVersion: 1,
        title: 'Integrated carers support service contract',
        dates: { meetingDate: MEETING },
        roles: {
          decisionMaker: world.ids.delegations.jcbDecision,
          properOfficer: world.ids.offices.properOfficer,
        },
      });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    h.clock.set(`${MEETING}T18:00:00Z`);
    return res.body as CaseView;
  }

  /** Posts an event at the version the caller last saw. */
  const post = (caseId: string, key: string, type: string, version: number, payload: object) =>
    server()
      .post(`/api/cases/${caseId}/events`)
      .set(bearer(key))
      .send({ type, expectedVersion: version, payload });

  /** Sends an event that must be accepted, and returns the case as the response shows it. */
  async function accepted(
    from: CaseView,
    key: string,
    type: string,
    payload: object,
  ): Promise<CaseView> {
    const res = await post(from.id, key, type, from.version, payload);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
    const view = res.body as CaseView;
    expect(view.version).toBe(from.version + 1);
    return view;
  }

  /** Sends an event that must be refused with a problem, and checks the case is unchanged. */
  async function refusedWith(
    from: CaseView,
    key: string,
    type: string,
    payload: object,
    status: number,
  ): Promise<{ code: string; messages: string[] }> {
    const res = await post(from.id, key, type, from.version, payload);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.body as Problem;
    const now = await read(from.id);
    expect(now.version).toBe(from.version);
    expect(now.state).toEqual(from.state);
    return { code: body.code, messages: (body.problems ?? []).map((p) => p.message) };
  }

  async function quorateMeeting(): Promise<CaseView> {
    const opened = await openOverHttp();
    const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
    return accepted(noticed, officer(), 'RECORD_ATTENDANCE', { meeting: meeting() });
  }

  it('takes a decision from notices through consensus, signatures, publication and the call-in period to implementable, then serves its Decision Notice', async () => {
    const opened = await openOverHttp();
    expect(opened.version).toBe(1);
    expect(opened.state).toEqual({
      key: 'beforeMeeting.notices',
      summary: 'Awaiting the notice checks for the meeting on Thursday 4 September 2025',
      closed: false,
    });

    const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
    expect(noticed.state).toMatchObject({
      key: 'beforeMeeting.meeting',
      summary: 'Awaiting attendance and declarations at the meeting on Thursday 4 September 2025',
    });

    const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', {
      meeting: meeting(),
    });
    expect(quorate.state).toMatchObject({
      key: 'beforeMeeting.showOfHands',
      summary: 'Quorate: awaiting the show of hands at the meeting on Thursday 4 September 2025',
    });

    const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor(),
    });
    expect(consensus.state.key).toBe('awaitingDecision');

    // Only the delegate (the Cabinet member holding the office) may decide.
    const notTheDelegate = await refusedWith(
      consensus,
      officer(),
      'RECORD_DECISION',
      decision(),
      403,
    );
    expect(notTheDelegate.code).toBe('NOT_AUTHORISED');

    const decided = await accepted(consensus, keys.cab1, 'RECORD_DECISION', decision());
    expect(decided.state.summary).toBe(
      'Awaiting the Decision Notice signature of the decision maker and the Proper Officer',
    );

    const properSigned = await accepted(decided, keys.proper, 'SIGN_NOTICE', {
      signedOn: MEETING,
    });
    expect(properSigned.state.summary).toBe(
      'Awaiting the Decision Notice signature of the decision maker',
    );
    const signed = await accepted(properSigned, keys.cab1, 'SIGN_NOTICE', { signedOn: MEETING });
    expect(signed.state).toMatchObject({
      key: 'awaitingPublication',
      summary: 'Decision Notice signed: awaiting publication',
    });

    h.clock.set('2025-09-05T09:00:00Z');
    const published = await accepted(signed, officer(), 'RECORD_PUBLICATION', {
      publishedOn: '2025-09-05',
    });
    expect(published.state).toMatchObject({
      key: 'callInPeriod.running',
      summary:
        'Published: call-in period ends Friday 12 September 2025; implementable from Monday 15 September 2025 if not called in',
      closed: false,
    });
    // The sentence is for people; a program reads the same day from its own ISO field.
    expect(published.openDeadlines.map((d) => [d.key, d.dueAt, d.latestDay])).toEqual([
      ['callIn', '2025-09-12T23:00:00.000Z', '2025-09-12'],
    ]);

    // The worker's sweep, on the clock the API shares: the call-in period passes.
    h.clock.set('2025-09-12T23:30:00Z');
    const swept = await app.get(DeadlineSweepService).sweep();
    expect(swept.fired).toBeGreaterThanOrEqual(1);
    const done = await read(published.id);
    expect(done.version).toBe(published.version + 1);
    expect(done.state).toEqual({
      key: 'implementable',
      summary:
        'Implementable from Monday 15 September 2025: decision taken, notice signed and published',
      closed: true,
    });
    expect(done.openDeadlines).toEqual([]);

    const notice = await server()
      .get(`/api/cases/${done.id}/decision-notice`)
      .set(bearer(officer()))
      .expect(200);
    expect(notice.body).toMatchObject({
      decision: 'Award the integrated carers support contract to Carers Together CIC',
      decidedOn: MEETING,
      decisionMaker: { name: 'Cllr Ada Fox' },
      properOfficer: { name: 'Gail Price' },
      publishedOn: '2025-09-05',
      callIn: { status: 'the call-in period passed without call-in' },
      implementableFrom: '2025-09-15',
    });
  });

  it('defers the item when one CCG member dissents and the Chair, having consulted, defers', async () => {
    const quorate = await quorateMeeting();
    const dissent = { meeting: meeting(), hands: allFor({ ccg2: 'against' }) };

    const noChoice = await refusedWith(quorate, officer(), 'RECORD_SHOW_OF_HANDS', dissent, 422);
    expect(noChoice.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(noChoice.messages).toEqual([expect.stringMatching(/^CHAIR_CHOICE_REQUIRED: /)]);

    const deferred = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
      ...dissent,
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.state.key).toBe('deferred');
    expect(deferred.state.closed).toBe(false);

    // No decision can be taken on a deferred item.
    const tooSoon = await refusedWith(deferred, keys.cab1, 'RECORD_DECISION', decision(), 409);
    expect(tooSoon.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('refuses the attendance and the vote of a meeting with only one CCG member present, as inquorate', async () => {
    const opened = await openOverHttp();
    const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
    const oneCcg = meeting(MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] });

    const attendance = await refusedWith(
      noticed,
      officer(),
      'RECORD_ATTENDANCE',
      { meeting: oneCcg },
      422,
    );
    expect(attendance.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(attendance.messages).toEqual([
      expect.stringMatching(
        /^INQUORATE: .*CCG members present and counted: 1, at least 2 needed: not met/,
      ),
    ]);

    // A quorate roll cannot be swapped for an inquorate one at the vote either.
    const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', {
      meeting: meeting(),
    });
    const vote = await refusedWith(
      quorate,
      officer(),
      'RECORD_SHOW_OF_HANDS',
      { meeting: oneCcg, hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1']) },
      422,
    );
    expect(vote.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(vote.messages).toEqual([
      'VOTE_WHEN_INQUORATE: the meeting is not quorate for this item: no vote can be taken, so no hands are recorded',
    ]);
  });

  it('excludes a member with a disclosable pecuniary interest from the vote and recomputes the quorum without them', async () => {
    const opened = await openOverHttp();
    const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
    const dpi = (who: string) => [
      { personId: id(who), kind: 'disclosablePecuniary', nature: 'Trustee of a bidder' },
    ];

    // With only two CCG members present, excluding one leaves the meeting inquorate.
    const twoCcg = meeting(MEETING, {
      present: ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2'],
      declarations: dpi('ccg2'),
    });
    const inquorate = await refusedWith(
      noticed,
      officer(),
      'RECORD_ATTENDANCE',
      { meeting: twoCcg },
      422,
    );
    expect(inquorate.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(inquorate.messages).toEqual([
      expect.stringMatching(/^INQUORATE: .*CCG members present and counted: 1, at least 2 needed/),
    ]);

    // With all three present, the other two CCG members keep it quorate.
    const m = meeting(MEETING, { declarations: dpi('ccg3') });
    const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', { meeting: m });
    expect(quorate.state.key).toBe('beforeMeeting.showOfHands');
    expect(JSON.stringify(quorate.context)).toMatch(
      /CCG members present and counted: 2, at least 2 needed: met/,
    );

    const excluded = await refusedWith(
      quorate,
      officer(),
      'RECORD_SHOW_OF_HANDS',
      { meeting: m, hands: allFor() },
      422,
    );
    expect(excluded.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(excluded.messages).toEqual([
      expect.stringMatching(/^VOTER_EXCLUDED: Dr Finn Roy is excluded/),
    ]);

    const agreed = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
      meeting: m,
      hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
    });
    expect(agreed.state.key).toBe('awaitingDecision');
  });

  it('refuses £2.5M decided by a Cabinet member as over the £2M limit, and changes nothing', async () => {
    const quorate = await quorateMeeting();
    const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor(),
    });
    const over = await refusedWith(
      consensus,
      keys.cab1,
      'RECORD_DECISION',
      decision({ amount: 2_500_000 }),
      422,
    );
    expect(over.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(over.messages).toEqual([
      expect.stringMatching(/^OVER_LIMIT: .*£2,500,000 against a limit of £2,000,000: not met/),
    ]);
    expect((await read(consensus.id)).state.key).toBe('awaitingDecision');
  });

  it('refuses £1.5M agreed by only 2 of the 3 Cabinet members, and changes nothing', async () => {
    const quorate = await quorateMeeting();
    const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor(),
    });
    const two = await refusedWith(
      consensus,
      keys.cab1,
      'RECORD_DECISION',
      decision({ cabinetMembersAgreeing: [id('cab1'), id('cab2')] }),
      422,
    );
    expect(two.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(two.messages).toEqual([
      expect.stringMatching(/^CONDITION_NOT_MET: .*2 of 3 agree: not met/),
    ]);
    expect((await read(consensus.id)).state.key).toBe('awaitingDecision');
  });
});
