import { withViceChairDelegation } from '../libs/testing/absence-world.factory';
import {
  boardMinutes,
  EARLIER,
  LATER,
  NEITHER_CHAIR_PRESENT,
  withBoardOfSix,
} from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Version 2 of minutes approval through the HTTP API against PostgreSQL (issue #15): one approval
 * of the minutes, recorded by the Health and Wellbeing Board's later meeting (its minutes-approval
 * API, the meeting page's form) and carried into the case that is those minutes, with the
 * amendments the meeting made; the chair signs from an emailed link, or, when the chair is away in
 * the directory or not present at the meeting, the vice-chair, as the Board's members say (Dr Sam
 * Okafor), in the chair's place (Cllr Alex Rowe). Meetings of Wed 20 October and Wed 17 November
 * 2021; London is on GMT in November.
 */

const AMENDMENT = 'Item 3: Dr Okafor’s interest to read “Governing Body”, not “Governance Board”';

describe('minutes approval, version 2: approved at the meeting, signed by the chair or the vice-chair', () => {
  const h = directoryAppHarness();
  const { clock, server, as, linkOf } = h;
  const db = () => h.db();

  const minutes = boardMinutes(h);
  const meeting = (w: DirectoryWorld, body: string, meetingDate: string) =>
    minutes.meeting(w, meetingDate, body);

  /**
   * The Board's members at the meeting: present, but for those `absent` names (apologies) and the
   * `silent` ones, of whom the attendance says nothing.
   */
  const attendance = (
    w: DirectoryWorld,
    meetingId: string,
    absent: string[] = [],
    silent: string[] = [],
  ) =>
    minutes.attend(
      w,
      meetingId,
      Object.fromEntries(
        ['chair', 'gp', 'healthwatch', 'cabinet']
          .filter((k) => !silent.includes(k))
          .map((k) => [k, absent.includes(k) ? 'apologies' : 'present'] as const),
      ),
    );

  /** A version 2 case that is the minutes of the HWBB's meeting of 20 October 2021. */
  async function minutesCase(w: DirectoryWorld): Promise<{ id: string; version: number }> {
    const id = await minutes.minutesCase(w, { templateVersion: 2 });
    return { id, version: (await minutes.caseOf(w, id)).version };
  }

  const approve = (w: DirectoryWorld, at: string, previousMeetingId: string) =>
    minutes.approve(w, at, previousMeetingId, [AMENDMENT]);

  const { caseOf, auditOf } = minutes;

  it('carries the meeting’s approval into the case and, the chair away, the vice-chair signs from the email link in the chair’s place', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const earlier = await meeting(w, w.ids.bodies.hwbb, EARLIER);
    const later = await meeting(w, w.ids.bodies.hwbb, LATER);
    // The chair records the week of the meeting away (with a deputy for their other work).
    await server()
      .post('/api/directory/absences')
      .set(as(w.keys.chair))
      .send({ deputyPersonId: w.ids.people.cabinet, firstDay: '2021-11-15', lastDay: '2021-11-19' })
      .expect(201);
    const c = await minutesCase(w);
    const opened = await caseOf(w, c.id);
    expect(opened.state.summary).toBe(
      'Awaiting the Board’s approval of the minutes of Wednesday 20 October 2021 at its meeting on Wednesday 17 November 2021, recorded at that meeting',
    );

    // Typed into the case, the Board's approval is refused: it is the meeting's.
    const typed = await server()
      .post(`/api/cases/${c.id}/events`)
      .set(as(w.keys.officer))
      .send({
        type: 'RECORD_APPROVAL',
        expectedVersion: c.version,
        payload: { meetingDate: LATER, minuteReference: 'Minute 2', signer: 'chair' },
      });
    expect({ status: typed.status, body: typed.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'DECIDED_AT_A_MEETING' },
    });

    clock.set(`${LATER}T19:00:00Z`);
    // The attendance says nothing of the chair: the directory's absence decides.
    await attendance(w, later, [], ['chair']);
    const approved = await approve(w, later, earlier);
    expect(approved.status).toBe(201);
    expect(approved.body.minutesApproved).toEqual([
      expect.objectContaining({ previousMeetingId: earlier, amendments: [AMENDMENT] }),
    ]);

    const asked = await caseOf(w, c.id);
    expect(asked.state.summary).toBe(
      'Approved at the meeting as a correct record with 1 amendment: awaiting the vice-chair’s signature in the place of the chair (Cllr Alex Rowe, the chair, is recorded away from Mon 15 Nov 2021 to Fri 19 Nov 2021)',
    );
    expect(asked.context).toMatchObject({
      resolution: { meetingDate: LATER, amendments: [AMENDMENT] },
      signer: { role: 'viceChair', inPlaceOf: 'Cllr Alex Rowe' },
    });
    const [none]: { n: number }[] = await db().ds.query(
      'SELECT count(*)::int AS n FROM action_links WHERE case_id = $1 AND person_id = $2',
      [c.id, w.ids.people.chair],
    );
    expect(none.n).toBe(0);

    // The vice-chair's link says in whose place; signing closes the case.
    const token = await linkOf(c.id, w.ids.people.gp, 'open');
    const page = await server().get(`/act/${token}`).expect(200);
    expect(page.text).toContain('You sign in the place of');
    expect(page.text).toContain('Cllr Alex Rowe, the chair');
    // The meeting's date in words, as everywhere on a page.
    expect(page.text).not.toContain(LATER);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const signed = await server()
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' });
    expect(signed.status).toBeLessThan(400);
    const closed = await caseOf(w, c.id);
    expect(closed.state.summary).toBe(
      'Signed by the vice-chair in the place of the chair (Cllr Alex Rowe) as a correct record, with 1 amendment',
    );

    const records = await auditOf(w, c.id);
    expect(records.map((r) => r.event.type)).toEqual(['CASE_OPENED', 'RECORD_APPROVAL', 'SIGN']);
    expect(records.at(-1)).toMatchObject({
      actor: { name: 'Dr Sam Okafor' },
      authority: { kind: 'seat', seat: 'vice_chair', inPlaceOf: 'Cllr Alex Rowe' },
    });
  });

  it('asks the chair when present, and refuses the approval at another body’s meeting or an earlier one, leaving the case as it was', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds);
    const earlier = await meeting(w, w.ids.bodies.hwbb, EARLIER);
    const later = await meeting(w, w.ids.bodies.hwbb, LATER);
    const jcb = await meeting(w, w.ids.bodies.jcb, LATER);
    const c = await minutesCase(w);

    clock.set(`${LATER}T19:00:00Z`);
    const atTheJcb = await approve(w, jcb, earlier);
    expect({ status: atTheJcb.status, rule: atTheJcb.body.rule }).toEqual({
      status: 422,
      rule: 'MINUTES_OF_ANOTHER_BODY',
    });
    const backwards = await approve(w, earlier, later);
    expect({ status: backwards.status, rule: backwards.body.rule }).toEqual({
      status: 422,
      rule: 'MINUTES_NOT_OF_AN_EARLIER_MEETING',
    });
    expect((await caseOf(w, c.id)).version).toBe(c.version);

    await attendance(w, later);
    expect((await approve(w, later, earlier)).status).toBe(201);
    const asked = await caseOf(w, c.id);
    expect(asked.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature',
    );
    expect(asked.context).toMatchObject({ signer: { role: 'chair', inPlaceOf: null } });
    const token = await linkOf(c.id, w.ids.people.chair, 'open');
    expect((await server().get(`/act/${token}`).expect(200)).text).not.toContain(
      'You sign in the place of',
    );
  });

  /** A person's absence in the directory for the week of the later meeting. */
  const away = (w: DirectoryWorld, key: 'chair' | 'gp') =>
    server()
      .post('/api/directory/absences')
      .set(as(w.keys[key]))
      .send({ deputyPersonId: w.ids.people.cabinet, firstDay: '2021-11-15', lastDay: '2021-11-19' })
      .expect(201);

  it('lets the meeting’s attendance decide before the directory: a chair recorded away but present signs', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const earlier = await meeting(w, w.ids.bodies.hwbb, EARLIER);
    const later = await meeting(w, w.ids.bodies.hwbb, LATER);
    await away(w, 'chair');
    const c = await minutesCase(w);

    clock.set(`${LATER}T19:00:00Z`);
    await attendance(w, later);
    expect((await approve(w, later, earlier)).status).toBe(201);
    const asked = await caseOf(w, c.id);
    expect(asked.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature',
    );
    expect(asked.context).toMatchObject({ signer: { role: 'chair', inPlaceOf: null } });
  });

  it('lets the attendance decide the vice-chair too: present though away signs, with apologies though not away does not', async () => {
    clock.set('2021-11-01T10:00:00Z');
    // The vice-chair (Dr Sam Okafor) holds a delegation of the Board's, as the deputy who covers
    // for them does: their absence can be recorded.
    const w = await buildDirectoryWorld(db().ds, (spec) => {
      withViceChairDelegation(spec);
      spec.delegations.push({
        key: 'bcfApprovalDeputyAo',
        body: 'hwbb',
        office: 'deputyAo',
        scope: 'bcf-plan-approval',
        reference: 'HWBB resolution delegating BCF plan sign-off to the Deputy Accountable Officer',
        validFrom: new Date('2020-01-01T00:00:00Z'),
      });
    });
    const earlier = await meeting(w, w.ids.bodies.hwbb, EARLIER);
    const later = await meeting(w, w.ids.bodies.hwbb, LATER);
    await away(w, 'gp');
    const c = await minutesCase(w);

    // Recorded present, the vice-chair signs in the place of the chair, who sent apologies.
    clock.set(`${LATER}T19:00:00Z`);
    await attendance(w, later, ['chair']);
    expect((await approve(w, later, earlier)).status).toBe(201);
    const asked = await caseOf(w, c.id);
    expect(asked.state.summary).toBe(
      'Approved at the meeting as a correct record with 1 amendment: awaiting the vice-chair’s signature in the place of the chair (Cllr Alex Rowe, the chair, was not present at the meeting of Wed 17 Nov 2021)',
    );
    expect(asked.context).toMatchObject({
      signer: { role: 'viceChair', inPlaceOf: 'Cllr Alex Rowe' },
    });

    // In another council, whose Board has two more members, the vice-chair not away but sending
    // apologies with the chair: no one to sign, so the approval is refused whole, the case as it was.
    clock.set('2021-11-01T10:00:00Z');
    const v = await buildDirectoryWorld(db().ds, withBoardOfSix);
    const before = await meeting(v, v.ids.bodies.hwbb, EARLIER);
    const after = await meeting(v, v.ids.bodies.hwbb, LATER);
    const d = await minutesCase(v);
    clock.set(`${LATER}T19:00:00Z`);
    await minutes.attend(v, after, NEITHER_CHAIR_PRESENT);
    const refused = await approve(v, after, before);
    expect({ status: refused.status, rule: refused.body.rule }).toEqual({
      status: 422,
      rule: 'NO_CHAIR_TO_SIGN_THE_MINUTES',
    });
    // The case by its reference, its id only beside, for the client.
    expect(refused.body.detail).toMatch(
      /^The rule “Minutes are signed by a chair” refuses this: the case [A-Z0-9]+-\d{4}-\d{4} that is the minutes of /,
    );
    expect(refused.body.detail).not.toContain(d.id);
    expect(refused.body.detail).not.toContain('seed 002');
    expect(refused.body.caseId).toBe(d.id);
    // Where the rule comes from, apart from the lines a person reads.
    expect(refused.body.source).toBe(
      'seed 002, minutes of 28 June 2017, item 2; the vice-chair elected at the meeting of 26 July 2017, item 3',
    );
    expect((await caseOf(v, d.id)).version).toBe(d.version);
  });

  it('carries as many amendments as the meeting’s form takes, and refuses more at the meeting’s field', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds);
    const earlier = await meeting(w, w.ids.bodies.hwbb, EARLIER);
    const later = await meeting(w, w.ids.bodies.hwbb, LATER);
    const c = await minutesCase(w);
    clock.set(`${LATER}T19:00:00Z`);
    await attendance(w, later);
    const many = (n: number) => Array.from({ length: n }, (_, i) => `Item ${i + 1}: a typo`);
    const tooMany = await minutes.approve(w, later, earlier, many(101));
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(tooMany.body.problems)).toContain('amendments');
    expect((await caseOf(w, c.id)).version).toBe(c.version);
    await minutes.approve(w, later, earlier, many(100)).expect(201);
    const asked = await caseOf(w, c.id);
    expect(asked.state.summary).toBe(
      'Approved as a correct record with 100 amendments: awaiting the chair’s signature',
    );
    expect((asked.context.resolution as { amendments: string[] }).amendments).toHaveLength(100);
  });
});
