import {
  boardMinutes,
  CHAIR_HANDED_TO_MORGAN_HALE,
  LATER,
} from '../libs/testing/board-minutes.factory';
import { OfficeRepository } from '../libs/directory/office.repository';
import { MembershipRepository } from '../libs/directory/membership.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import { ScheduledHandOverUseCase } from '../libs/directory/use-cases/scheduled-hand-over.use-case';
import { OfficeHandOver } from '../libs/directory/office-hand-over.service';
import { SeatHandOver } from '../libs/directory/seat-hand-over.service';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A chair replaced in the seat before signing the minutes (issue #15, M3): the Health and
 * Wellbeing Board's meeting of Wed 17 November 2021 approves the minutes of 20 October, its chair
 * (Cllr Alex Rowe) present and asked to sign; the Board's chair then changes hands (Morgan Hale
 * seated as chair). The open signature request goes to the new chair afresh, as for an office
 * hand-over: the old link voided, the new chair asked by email link, the case's record saying so;
 * seated from a later day, the worker's scheduled hand-over does it on that day, once.
 */

describe('minutes approval: the chair’s seat changing hands before signing', () => {
  const h = directoryAppHarness();
  const { clock, server, as, linkOf, answer } = h;
  const db = () => h.db();

  const minutes = boardMinutes(h);
  /** A version 2 case that is the minutes of 20 October, approved at the meeting of 17 November with the chair present. */
  const approvedForTheChair = (w: DirectoryWorld) =>
    minutes.approvedOnTheLaterDay(w, { templateVersion: 2 });

  const { newChair } = minutes;

  const { auditOf, chairLinks: links } = minutes;

  it('sends the open signature request to the new chair afresh, voiding the old chair’s link, and the new chair signs', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approvedForTheChair(w);
    expect(await links(caseId)).toEqual([{ name: 'Cllr Alex Rowe', status: 'open', reason: null }]);
    const oldToken = await linkOf(caseId, w.ids.people.chair, 'open');

    // Thursday 18 November: Cllr Rowe's term ended yesterday; Morgan Hale is chair from today.
    clock.set('2021-11-18T10:00:00Z');
    await newChair(w, LATER, '2021-11-18');
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided', reason: 'the seat changed holder' },
      { name: 'Morgan Hale', status: 'open', reason: null },
    ]);
    const records = await auditOf(w, caseId);
    expect(records.map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'RECORD_APPROVAL',
      'ROLE_HOLDER_CHANGED',
    ]);
    expect(records[2].event).toMatchObject(CHAIR_HANDED_TO_MORGAN_HALE);

    // The old link no longer signs; the new chair's does.
    expect((await server().get(`/act/${oldToken}`)).text).not.toContain('name="response"');
    const signed = await answer(await linkOf(caseId, w.ids.people.ceo, 'open'));
    expect(signed.status).toBeLessThan(400);
    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(read.body.state.closed).toBe(true);
    expect((await auditOf(w, caseId)).at(-1)).toMatchObject({
      event: { type: 'SIGN' },
      actor: { name: 'Morgan Hale' },
      authority: { kind: 'seat', seat: 'chair' },
    });
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true, records: 4 }));
  });

  it('hands the request over on the new chair’s first day by the worker’s scheduled hand-over, once', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approvedForTheChair(w);
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

    // Thursday: Cllr Rowe chairs until Sunday 21 November, Morgan Hale from Monday 22nd.
    clock.set('2021-11-18T10:00:00Z');
    await newChair(w, '2021-11-21', '2021-11-22');
    // A later, unrelated change to the vice-chair's seat: Dr Sam Okafor's term to end in March.
    const [vice] = await db().ds.query<{ id: string; version: number }[]>(
      `SELECT id, version FROM memberships WHERE tenant_id = $1 AND body_id = $2 AND role = 'vice_chair'`,
      [w.tenantId, w.ids.bodies.hwbb],
    );
    await server()
      .post(`/api/directory/memberships/${vice.id}/end`)
      .set(as(w.adminKey))
      .send({ expectedVersion: vice.version, on: '2022-03-31' })
      .expect(200);
    await scheduled.run();
    expect(await links(caseId)).toEqual([{ name: 'Cllr Alex Rowe', status: 'open', reason: null }]);

    clock.set('2021-11-22T07:00:00Z');
    const monday = await scheduled.run();
    expect(monday.handedOver).toEqual([
      expect.objectContaining({
        caseId,
        roles: ['chair'],
        requests: [{ role: 'chair', message: 'signature-requested' }],
      }),
    ]);
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided', reason: 'the seat changed holder' },
      { name: 'Morgan Hale', status: 'open', reason: null },
    ]);
    // The record cites the directory change that seated Morgan Hale, not the later one.
    const [seated] = await db().ds.query<{ seq: number }[]>(
      `SELECT c.seq FROM directory_changes c JOIN memberships ms ON ms.id = c.subject_id
        WHERE c.tenant_id = $1 AND ms.person_id = $2 AND ms.role = 'chair'`,
      [w.tenantId, w.ids.people.ceo],
    );
    expect((await auditOf(w, caseId)).at(-1)?.event).toMatchObject({
      type: 'ROLE_HOLDER_CHANGED',
      directoryChange: Number(seated.seq),
    });
    clock.set('2021-11-22T08:00:00Z');
    await expect(scheduled.run()).resolves.toMatchObject({ handedOver: [] });
    expect((await auditOf(w, caseId)).map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'RECORD_APPROVAL',
      'ROLE_HOLDER_CHANGED',
    ]);
  });
});
