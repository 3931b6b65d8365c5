import {
  boardMinutes,
  NEITHER_CHAIR_PRESENT,
  withBoardOfSix,
} from '../libs/testing/board-minutes.factory';
import { OfficeRepository } from '../libs/directory/office.repository';
import { MembershipRepository } from '../libs/directory/membership.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import { ScheduledHandOverUseCase } from '../libs/directory/use-cases/scheduled-hand-over.use-case';
import { OfficeHandOver } from '../libs/directory/office-hand-over.service';
import { SeatHandOver } from '../libs/directory/seat-hand-over.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Minutes approval, version 4 (issue #15, review M2): the minutes are signed by the person who
 * presided at the meeting that approved them (LGA 1972 Sch 12 para 41(1)). The Health and
 * Wellbeing Board's meeting of Wed 17 November 2021 approves the minutes of 20 October with its
 * chair, Cllr Alex Rowe, presiding; Cllr Rowe's term as chair then ends and Morgan Hale is seated
 * from Monday 22nd. The worker's hourly hand-over leaves the signature request with Cllr Rowe, who
 * signs from the emailed link after leaving the seat. And when the vice-chair signs in the chair's
 * place and the meeting's day ends unsigned, the escalation goes to the officer and the vice-chair,
 * not to the absent chair; with neither able to sign, to the officer, who is to name the member who
 * presided.
 */

describe('minutes approval, version 4: the signer fixed once the meeting approved the minutes', () => {
  const h = directoryAppHarness();
  const { clock, server, as, linkOf, answer } = h;
  const db = () => h.db();

  const minutes = boardMinutes(h);
  /** A case on version 4, by its number: the minutes of 20 October, approved on 17 November; `chair` its attendance there. */
  const approved = (w: DirectoryWorld, chair: 'present' | 'apologies') =>
    minutes.approvedOnTheLaterDay(w, {
      templateVersion: 4,
      attendance: { chair, gp: 'present', healthwatch: 'present', cabinet: 'present' },
    });

  const links = (caseId: string) =>
    db().ds.query<{ name: string; role: string; status: string }[]>(
      `SELECT p.name, l.role, l.status FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 ORDER BY l.created_at, p.name`,
      [caseId],
    );

  const { auditOf } = minutes;

  it('leaves the request with the chair who presided when a new chair is seated, and the former chair signs by email link', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approved(w, 'present');
    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(read.body.template).toMatchObject({ version: 4 });
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', role: 'chair', status: 'open' },
    ]);

    // Thursday 18th: Cllr Rowe chairs until Sunday 21 November, Morgan Hale from Monday 22nd.
    clock.set('2021-11-18T10:00:00Z');
    await minutes.newChair(w, '2021-11-21', '2021-11-22');

    // Monday 22nd: the worker's hourly hand-over runs; nothing of this case moves.
    const scheduled = new ScheduledHandOverUseCase(
      db().ds,
      clock,
      new OfficeRepository(),
      new DirectoryChangeRepository(),
      new BodyRepository(),
      new MembershipRepository(),
      h.app().get(OfficeHandOver),
      h.app().get(SeatHandOver),
    );
    clock.set('2021-11-22T07:00:00Z');
    const monday = await scheduled.run();
    expect(monday.handedOver.filter((x) => x.caseId === caseId)).toEqual([]);
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', role: 'chair', status: 'open' },
    ]);

    // Tuesday 23rd: Cllr Rowe, no longer chair, signs from the link.
    clock.set('2021-11-23T10:00:00Z');
    const signed = await answer(await linkOf(caseId, w.ids.people.chair, 'open'));
    expect(signed.status).toBeLessThan(400);
    const closed = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(closed.body.state.closed).toBe(true);
    const records = await auditOf(w, caseId);
    expect(records.map((r) => r.event.type)).toEqual(['CASE_OPENED', 'RECORD_APPROVAL', 'SIGN']);
    expect(records.at(-1)).toMatchObject({
      actor: { name: 'Cllr Alex Rowe' },
      authority: { kind: 'member', role: 'chair', bodyId: w.ids.bodies.hwbb },
    });
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true, records: 3 }));
  });

  it('escalates the unsigned minutes to the officer and the vice-chair who signs, not to the absent chair', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approved(w, 'apologies');
    expect(await links(caseId)).toEqual([
      { name: 'Dr Sam Okafor', role: 'viceChair', status: 'open' },
    ]);

    // The meeting's day ends with the minutes unsigned.
    clock.set('2021-11-18T09:00:00Z');
    await h.app().get(DeadlineSweepService).sweep();
    const sent = await db().ds.query<{ role: string; personId: string }[]>(
      `SELECT payload->>'role' AS role, payload->'to'->>'id' AS "personId" FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = 'minutes-overdue'
        ORDER BY payload->>'role'`,
      [caseId],
    );
    expect(sent.map((e) => e.role)).toEqual(['officer', 'viceChair']);
    expect(sent.find((e) => e.role === 'viceChair')?.personId).toBe(w.ids.people.gp);
    expect(sent.map((e) => e.personId)).not.toContain(w.ids.people.chair);
  });

  it('escalates to the officer alone while the member who presided is still to be named, and the member named signs', async () => {
    // A Board of six: its chair and vice-chair send apologies to the later meeting.
    const w = await buildDirectoryWorld(db().ds, withBoardOfSix);
    const { caseId, earlier, later } = await minutes.approvedWithMeetings(w, {
      templateVersion: 4,
      attendance: NEITHER_CHAIR_PRESENT,
    });
    const overdue = () =>
      db().ds.query<{ role: string; personId: string }[]>(
        `SELECT payload->>'role' AS role, payload->'to'->>'id' AS "personId" FROM effects
          WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = 'minutes-overdue'
          ORDER BY created_at, payload->>'role'`,
        [caseId],
      );
    clock.set('2021-11-18T09:00:00Z');
    await h.app().get(DeadlineSweepService).sweep();
    expect((await overdue()).map((e) => e.role)).toEqual(['officer']);

    // Cllr Chris Lane presided: named from the meeting page's API, asked by link, and signs.
    await server()
      .post(`/api/meetings/${later}/minutes-approval/presiding`)
      .set(as(w.keys.officer))
      .send({ previousMeetingId: earlier, presidingPersonId: w.ids.people.cabinet })
      .expect(201);
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Chris Lane', role: 'presiding', status: 'open' },
    ]);
    const signed = await answer(await linkOf(caseId, w.ids.people.cabinet, 'open'));
    expect(signed.status).toBeLessThan(400);
    const closed = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(closed.body.state.closed).toBe(true);
  });
});
