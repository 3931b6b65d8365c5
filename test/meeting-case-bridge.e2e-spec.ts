import {
  jcbHands,
  jcbMeetingFacts,
  seatHealthwatchOnBoard,
} from '../libs/testing/jcb-world.factory';
import {
  meetingCaseBridgeHarness,
  LATER_MEETING,
  MEETING,
  type MeetingView,
  VOTERS,
} from '../libs/testing/meeting-case-bridge-harness.service';

/*
 * A JCB meeting records the outcome of an agenda item linked to a JCB case, and the case takes the
 * same outcome in the same transaction (seed 002, JCB ToR 8.1-8.3): the notices, the attendance
 * with its substitute and declarations, and the hands, sent by the officer through the engine; a
 * refusal by the case refuses the meeting's record whole. The meeting, on Thu 4 Sep 2025, is
 * libs/testing/meeting-case-bridge-harness.service.ts's; the Board noting a BCF plan is in
 * meeting-case-bridge-bcf.e2e-spec.ts.
 */
type StoredLink = {
  actor: { kind: string; name?: string };
  authority: { kind: string; role: string };
  event: { type: string };
};
type JcbCaseContext = {
  notices: { itemTitle: string; keyDecision: boolean; verdicts: { code: string }[] };
  meeting: {
    facts: { attendance: { personId: string; substituteFor?: string }[] };
    excludedPersonIds: string[];
    interests: { personId: string; kind: string }[];
  };
  showOfHands: { hands: { personId: string; hand: string }[]; outcome: string };
};

describe('a meeting’s recorded outcome goes to the linked case', () => {
  const {
    clock,
    db,
    world,
    meetingId,
    api,
    officer,
    cases,
    count,
    openJcbCase,
    addItem,
    showOfHands,
    itemOf,
    handsOf,
  } = meetingCaseBridgeHarness();

  it('moves the case on to the officer’s draft of the decision with the meeting’s hands, attendance and interests, each event sent by the officer', async () => {
    const opened = await openJcbCase('Integrated carers support service contract');
    const itemId = await addItem('Integrated carers support service contract', opened.id);
    await api()
      .post(`/api/meetings/${meetingId()}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({
        personId: world().id('ccg3'),
        kind: 'disclosablePecuniary',
        details: 'Trustee of a bidder',
      })
      .expect(201);

    const hands = handsOf(VOTERS);
    const res = await showOfHands(itemId, { hands, expectedCaseVersion: opened.version });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    expect(await itemOf(itemId)).toMatchObject({ outcome: { outcome: 'consensus' } });

    const decided = await cases.read(opened.id);
    expect(decided.version).toBe(opened.version + 3);
    expect(decided.state.key).toBe('draftingDecision');
    const ctx = decided.context as JcbCaseContext;
    expect(ctx.showOfHands.outcome).toBe('consensus');
    expect(ctx.showOfHands.hands).toEqual(hands);
    expect(ctx.notices).toMatchObject({
      itemTitle: 'Integrated carers support service contract',
      keyDecision: true,
    });
    expect(ctx.notices.verdicts.map((v) => v.code)).toEqual([
      'KEY_DECISION_ON_FORWARD_PLAN',
      'REPORT_ON_TIME',
      'PUBLIC_ITEM',
    ]);
    expect(ctx.meeting.excludedPersonIds).toEqual([world().id('ccg3')]);
    expect(ctx.meeting.interests).toMatchObject([
      { personId: world().id('ccg3'), kind: 'disclosablePecuniary' },
    ]);
    expect(ctx.meeting.facts.attendance).toContainEqual(
      expect.objectContaining({ personId: world().id('sub'), substituteFor: world().id('ccg2') }),
    );

    const trail = await api().get(`/api/cases/${opened.id}/audit`).set(officer()).expect(200);
    const steps = (trail.body as { records: StoredLink[] }).records.slice(1);
    expect(
      steps.map((r) => [r.event.type, r.actor.name, r.authority.kind, r.authority.role]),
    ).toEqual([
      ['RECORD_NOTICES', 'Dana Whitlock', 'officer', 'officer'],
      ['RECORD_ATTENDANCE', 'Dana Whitlock', 'officer', 'officer'],
      ['RECORD_SHOW_OF_HANDS', 'Dana Whitlock', 'officer', 'officer'],
    ]);
    await expect(cases.verify(opened.id)).resolves.toMatchObject({ ok: true });

    // The decision maker takes it from there, on the case.
    const after = await cases.act(decided, 'cab1', 'RECORD_DECISION', {
      decidedOn: MEETING,
      decision: 'Award the integrated carers support contract',
      reasons: 'Best value in the tender',
      alternativesRejected: [],
      amount: 1_500_000,
      actingAs: 'cabinetMember',
      cabinetMembersAgreeing: [world().id('cab1'), world().id('cab2'), world().id('cab3')],
    });
    expect(after.state.key).toBe('signing.decisionMaker.awaiting;signing.properOfficer.awaiting');
  });

  it('defers the case when one CCG member dissents and the Chair, having consulted, defers', async () => {
    const opened = await openJcbCase('Mental health beds');
    const itemId = await addItem('Mental health beds', opened.id);
    const res = await showOfHands(itemId, {
      hands: handsOf([...VOTERS, 'ccg3'], { sub: 'against' }),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    expect(await itemOf(itemId)).toMatchObject({ outcome: { outcome: 'deferred' } });
    const deferred = await cases.read(opened.id);
    expect(deferred.state).toMatchObject({ key: 'deferred', closed: false });
    expect((deferred.context as JcbCaseContext).showOfHands.outcome).toBe('noConsensusDeferred');
  });

  it('refuses the show of hands whole when the linked case is past its meeting: no outcome, no votes, the case unchanged', async () => {
    // The case's meeting was recorded on the case itself.
    let c = await openJcbCase('Care home fees uplift');
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: 'Care home fees uplift',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    const meeting = jcbMeetingFacts(world(), MEETING);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting,
      hands: jcbHands(world()),
    });
    expect(c.state.key).toBe('draftingDecision');

    const itemId = await addItem('Care home fees uplift', c.id);
    const [votes, outcomes] = [await count('votes'), await count('item_outcomes')];
    const res = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      caseId: c.id,
      caseEvent: 'RECORD_ATTENDANCE',
      detail: expect.stringContaining(
        'Consensus reached: awaiting the officer’s draft of the decision',
      ),
    });
    // The case by its reference and the step in words; its id only beside, for the client.
    expect(res.body.detail).toMatch(
      /^The case [A-Z0-9]+-\d{4}-\d{4} linked to this item refused the step “[A-Z][^”]*”/,
    );
    expect(res.body.detail).not.toContain(c.id);
    // Before: "…: RECORD_ATTENDANCE is not allowed while the case is …", the event's type.
    expect(res.body.detail).not.toContain('RECORD_ATTENDANCE');
    // The case's own refusal, as a clause after the meeting's: the same step in words.
    expect(res.body.detail).toMatch(
      /refused the step “([^”]+)”, so nothing was recorded, neither on the meeting nor on the case: the case does not take the step “\1” while it is “Consensus reached: awaiting the officer’s draft of the decision”: read the case to see what it is waiting for\.$/,
    );
    expect(res.body.event).toBe('RECORD_ATTENDANCE');
    expect(await itemOf(itemId)).toMatchObject({ outcome: null, votes: [] });
    expect([await count('votes'), await count('item_outcomes')]).toEqual([votes, outcomes]);
    const after = await cases.read(c.id);
    expect([after.version, after.state]).toEqual([c.version, c.state]);
  });

  it('refuses the show of hands when the linked case is to be decided at another meeting, and when the case moved on since it was read', async () => {
    const later = await openJcbCase('Reablement service', LATER_MEETING);
    const laterItem = await addItem('Reablement service', later.id);
    const other = await showOfHands(laterItem, { hands: handsOf([...VOTERS, 'ccg3']) });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CASE_FOR_ANOTHER_MEETING',
      explanation: [
        'the case’s item is to be taken at the meeting on Thu 2 Oct 2025; this meeting is on Thu 4 Sep 2025',
        expect.any(String),
      ],
    });
    expect(await itemOf(laterItem)).toMatchObject({ outcome: null });

    const opened = await openJcbCase('Discharge to assess');
    const itemId = await addItem('Discharge to assess', opened.id);
    const stale = await showOfHands(itemId, {
      hands: handsOf([...VOTERS, 'ccg3']),
      expectedCaseVersion: opened.version + 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', caseId: opened.id });
    expect(await itemOf(itemId)).toMatchObject({ outcome: null });
    expect((await cases.read(opened.id)).version).toBe(opened.version);
  });

  it('carries the chair’s special circumstances for a late report into the case’s notice checks', async () => {
    const opened = await openJcbCase('Carers breaks grant');
    const res = await api()
      .post(`/api/meetings/${meetingId()}/agenda-items`)
      .set(officer())
      .send({
        title: 'Carers breaks grant',
        caseId: opened.id,
        keyDecision: false,
        reportPublishedOn: '2025-09-01',
        noticeRoutes: { lateItemSpecialCircumstances: 'Grant terms arrived on 29 August' },
      })
      .expect(201);
    const agenda = (res.body as MeetingView).agenda;
    const itemId = agenda[agenda.length - 1].id;
    const ok = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });
    expect({ status: ok.status, body: ok.body as unknown }).toMatchObject({ status: 201 });
    const decided = await cases.read(opened.id);
    expect(decided.state.key).toBe('draftingDecision');
    expect((decided.context as JcbCaseContext).notices.verdicts.map((v) => v.code)).toEqual([
      'NOT_A_KEY_DECISION',
      'REPORT_LATE_ITEM_ACCEPTED',
      'PUBLIC_ITEM',
    ]);
  });

  it('refuses the show of hands with the case’s own problem when the case’s rules refuse the meeting’s record, undoing the events already sent', async () => {
    // From 1 October a Healthwatch seat sits on the Board: the meeting counts it, but version 3 of
    // the JCB template knows only council and CCG seats (ToR 7.1) and refuses the attendance.
    await seatHealthwatchOnBoard(db().ds, world(), '2025-10-01');
    const scheduled = await api()
      .post('/api/meetings')
      .set(officer())
      .send({
        body: world().ids.bodies.jcb,
        meetingDate: LATER_MEETING,
        title: 'JCB, 2 October 2025',
      })
      .expect(201);
    const laterMeeting = scheduled.body.id as string;
    clock.set(`${LATER_MEETING}T18:00:00Z`);
    await api()
      .post(`/api/meetings/${laterMeeting}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-09-19' })
      .expect(200);
    const present = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3', 'healthwatch'];
    await api()
      .put(`/api/meetings/${laterMeeting}/attendance`)
      .set(officer())
      .send(present.map((k) => ({ personId: world().ids.people[k], status: 'present' })))
      .expect(200);
    const opened = await openJcbCase('Community equipment service', LATER_MEETING, 3);
    const added = await api()
      .post(`/api/meetings/${laterMeeting}/agenda-items`)
      .set(officer())
      .send({
        title: 'Community equipment service',
        caseId: opened.id,
        keyDecision: true,
        forwardPlanPublishedOn: '2025-08-01',
      })
      .expect(201);
    const itemId = (added.body as MeetingView).agenda[0].id;

    const res = await api()
      .post(`/api/meetings/${laterMeeting}/agenda-items/${itemId}/show-of-hands`)
      .set(officer())
      .send({ hands: present.map((k) => ({ personId: world().ids.people[k], hand: 'for' })) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'INVALID_INPUT',
      caseId: opened.id,
      caseEvent: 'RECORD_ATTENDANCE',
      problems: [
        {
          path: expect.stringMatching(/^meeting\.members\.\d+\.partner$/),
          message: 'partner must be council or ccg',
        },
      ],
    });
    const meeting = await api().get(`/api/meetings/${laterMeeting}`).set(officer()).expect(200);
    expect((meeting.body as MeetingView).agenda[0]).toMatchObject({ outcome: null, votes: [] });
    // RECORD_NOTICES had been accepted before the attendance was refused: it is undone too.
    const after = await cases.read(opened.id);
    expect([after.version, after.state.key]).toEqual([opened.version, 'beforeMeeting.notices']);

    // Version 5 takes the Board’s rules from the directory: the co-opted Healthwatch
    // seat (ToR 2.3) counts among those present and is no partner, so the same meeting decides.
    const current = await openJcbCase('Community equipment service', LATER_MEETING);
    expect(current.template.version).toBe(5);
    const linked = await api()
      .post(`/api/meetings/${laterMeeting}/agenda-items`)
      .set(officer())
      .send({
        title: 'Community equipment service',
        caseId: current.id,
        keyDecision: true,
        forwardPlanPublishedOn: '2025-08-01',
      })
      .expect(201);
    const agenda = (linked.body as MeetingView).agenda;
    const ok = await api()
      .post(
        `/api/meetings/${laterMeeting}/agenda-items/${agenda[agenda.length - 1].id}/show-of-hands`,
      )
      .set(officer())
      .send({ hands: present.map((k) => ({ personId: world().ids.people[k], hand: 'for' })) });
    expect({ status: ok.status, body: ok.body as unknown }).toMatchObject({ status: 201 });
    expect((await cases.read(current.id)).state.key).toBe('draftingDecision');
  });

  it('refuses the show of hands by the rule a paused linked case is refused by, naming the case and the step first, in words', async () => {
    const opened = await openJcbCase('Day opportunities service');
    const itemId = await addItem('Day opportunities service', opened.id);
    await api()
      .post(`/api/cases/${opened.id}/pause`)
      .set(officer())
      .send({ expectedVersion: opened.version, reason: 'Awaiting legal advice.' })
      .expect(200);
    const paused = await cases.read(opened.id);
    const [votes, outcomes] = [await count('votes'), await count('item_outcomes')];

    const res = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CASE_PAUSED',
      ruleName: 'A paused case takes no steps',
      caseId: opened.id,
      caseEvent: 'RECORD_NOTICES',
    });
    const about = `the case ${opened.reference} linked to this item refused the step “`;
    expect(res.body.context).toMatch(new RegExp(`^${about}[A-Z][^”]*”$`));
    // One sentence, the case first: the rule, which case refused which step, why, what to do.
    expect(res.body.detail).toMatch(
      new RegExp(
        `^The rule “A paused case takes no steps” refuses this: ${about}[^”]+”\\. The case was paused`,
      ),
    );
    expect(res.body.detail).toMatch(
      /Nothing was recorded: resume the case first, then record the step\.$/,
    );
    expect(res.body.detail).not.toContain('RECORD_NOTICES');
    expect(res.body.detail).not.toContain(opened.id);
    expect(await itemOf(itemId)).toMatchObject({ outcome: null, votes: [] });
    expect([await count('votes'), await count('item_outcomes')]).toEqual([votes, outcomes]);
    expect((await cases.read(opened.id)).version).toBe(paused.version);
  });
});
