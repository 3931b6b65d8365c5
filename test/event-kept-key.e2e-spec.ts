import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { TenantSpec } from '../libs/directory/tenant-setup.service';
import { apiKeyHash } from '../libs/directory/api-key.repository';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { SendReadRepository } from '../libs/engine/send-read.repository';
import { linksOfRole, withViceChairDelegation } from '../libs/testing/absence-world.factory';
import { openBcfCaseOverApi } from '../libs/testing/bcf-api-harness.service';
import { buildTestApp, testAppHarness } from '../libs/testing/test-app.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';

/*
 * An event sent over HTTP goes from the case this API process's last write left, with no read,
 * only when the key is kept under the directory version the case was kept at (issue #21,
 * event-route.service.ts fromKept): the key judged at the moment from that row, the write checking
 * that neither the case row nor what is around it (the council's row, the case's documents) has
 * changed since. Whatever else, the long way: the key and the case read and judged afresh. Each
 * test first makes the key and the case kept (the key's event refused for its version reads and
 * keeps the key and leaves the case as kept), then changes what a kept send would not see, and
 * shows the long way taken and the answer it gives.
 */
describe('an event sent over HTTP from the case and key this process kept', () => {
  let other: INestApplication | undefined;
  const ready = testAppHarness({
    what: 'the app, another API process beside it and their clock',
    per: 'file',
    beforeApp: () => Promise.resolve({ clock: new ManualClock(new Date('2021-10-01T09:00:00Z')) }),
    clock: (t) => t.clock,
    // Another API process on the same database: its own kept cases, keys and councils of keys.
    afterApp: async (t) => {
      other = await buildTestApp(t.db.ds, t.clock);
    },
    closeBeforeApp: async () => {
      await other?.close();
    },
  });
  afterEach(() => jest.restoreAllMocks());

  /** A council of the test's own (its changes touch no other test's), on Fri 1 Oct 2021, 9am. */
  async function council(tweak?: (spec: TenantSpec) => void): Promise<BcfWorld> {
    ready().clock.set('2021-10-01T09:00:00Z');
    return buildBcfWorld(ready().db.ds, { tweak });
  }

  const send = (
    w: BcfWorld,
    who: string,
    id: string,
    type: string,
    expectedVersion: number,
    payload: Record<string, unknown> = {},
    app: INestApplication = ready().app,
  ) =>
    request(app.getHttpServer())
      .post(`/api/cases/${id}/events`)
      .set('Authorization', `Bearer ${w.keys[who]}`)
      .send({ type, expectedVersion, payload });

  /** Opened and sent to the approvers by the officer: version 2, the case kept by its write. */
  async function seeking(w: BcfWorld): Promise<string> {
    const id = await openBcfCaseOverApi(ready().app, w);
    await send(w, 'officer', id, 'SEEK_AGREEMENT', 1).expect(200);
    return id;
  }

  /**
   * `who`'s event refused for its version: their key read (its council found) and kept under the
   * directory version of the moment, and its use noted; the case stays as its last write kept it.
   */
  const keyKept = (w: BcfWorld, who: string, id: string) =>
    send(w, who, id, 'AGREE', 99).expect(409);

  /** The long way's read of key and case, counted from here on. */
  const longWay = () => jest.spyOn(SendReadRepository.prototype, 'keyAndCase');

  const versionOf = async (id: string) =>
    (
      await ready().db.superuser<{ version: number }>('SELECT version FROM cases WHERE id = $1', [
        id,
      ])
    )[0].version;

  const read = (w: BcfWorld, id: string) =>
    request(ready().app.getHttpServer())
      .get(`/api/cases/${id}`)
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .expect(200);

  it('sends a kept key’s event from the kept case, reading neither, and replies as a read would', async () => {
    const w = await council();
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    const reads = longWay();
    const sent = await send(w, 'ceo', id, 'AGREE', 2).expect(200);
    expect(reads).not.toHaveBeenCalled();
    expect(sent.text).toEqual((await read(w, id)).text);
  });

  const revoke = (w: BcfWorld, who: string) =>
    ready().db.superuser('UPDATE api_keys SET revoked_at = $2 WHERE key_hash = $1', [
      apiKeyHash(w.keys[who]),
      new Date('2021-10-01T08:00:00Z'),
    ]);
  const leave = (w: BcfWorld, who: string) =>
    ready().db.superuser('UPDATE people SET left_on = $2 WHERE id = $1', [
      w.ids.people[who],
      '2021-09-30',
    ]);
  const changes: [string, (w: BcfWorld, who: string) => Promise<unknown>, string][] = [
    ['revoked', revoke, 'This API key was revoked on Friday 1 October 2021 at 9:00am:'],
    [
      'of a person who left',
      leave,
      'The person this API key is for left the council on Thursday 30 September 2021:',
    ],
  ];

  it.each(changes)(
    'refuses a key %s since it was kept, the case kept before the change',
    async (_how, change, words) => {
      const w = await council();
      const id = await seeking(w);
      await keyKept(w, 'ceo', id);
      await change(w, 'ceo');
      const reads = longWay();
      const refused = await send(w, 'ceo', id, 'AGREE', 2).expect(401);
      expect(refused.body.detail).toContain(words);
      expect(reads).toHaveBeenCalled();
      expect(await versionOf(id)).toBe(2);
    },
  );

  it.each(changes)(
    'refuses a key %s since it was kept, the case kept after the change by another’s event',
    async (_how, change, words) => {
      const w = await council();
      const id = await seeking(w);
      await keyKept(w, 'ceo', id);
      await change(w, 'ceo');
      // Kept again at the directory version the change made: the key is kept only under the one before.
      await send(w, 'ao', id, 'AGREE', 2).expect(200);
      const reads = longWay();
      const refused = await send(w, 'ceo', id, 'AGREE', 3).expect(401);
      expect(refused.body.detail).toContain(words);
      expect(reads).toHaveBeenCalled();
      expect(await versionOf(id)).toBe(3);
    },
  );

  it('refuses a kept key once the moment passes its expiry, with nothing written between', async () => {
    const w = await council();
    await ready().db.superuser('UPDATE api_keys SET expires_at = $2 WHERE key_hash = $1', [
      apiKeyHash(w.keys.ceo),
      new Date('2021-10-01T09:00:30Z'),
    ]);
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    // Within the minute its use was noted in: nothing else sends it the long way.
    ready().clock.set('2021-10-01T09:00:40Z');
    const reads = longWay();
    const refused = await send(w, 'ceo', id, 'AGREE', 2).expect(401);
    expect(refused.body.detail).toContain('This API key expired on Friday 1 October 2021');
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(2);
  });

  it('refuses a key revoked since it was kept on an event sent in a transaction of its own: a role handed on', async () => {
    const w = await council();
    const id = await seeking(w);
    await revoke(w, 'officer');
    const reads = longWay();
    const refused = await send(w, 'officer', id, 'REASSIGN_ROLE', 2, {
      reassign: 'accountableOfficer',
      holderId: w.ids.offices.deputyAo,
    }).expect(401);
    expect(refused.body.detail).toContain('This API key was revoked');
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(2);
  });

  it('refuses a key revoked since it was kept on an event sent in a transaction of its own: a request to someone away', async () => {
    const w = await council(withViceChairDelegation);
    // The Chair is away from before the case: the kept case knows it, and the last agreement's
    // request to them goes to their deputy in a transaction.
    await awayChair(w);
    const id = await seeking(w);
    await send(w, 'ceo', id, 'AGREE', 2).expect(200);
    await keyKept(w, 'ao', id);
    await revoke(w, 'ao');
    const reads = longWay();
    const refused = await send(w, 'ao', id, 'AGREE', 3).expect(401);
    expect(refused.body.detail).toContain('This API key was revoked');
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(3);
  });

  it('refuses the agreement of a kept key’s person whose office has a new holder since, and takes the new holder’s', async () => {
    const w = await council();
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    // The Chief Executive's office passes to Dr Priya Shah (`gp`) from today, as a data fix would.
    await ready().db.superuser(
      `WITH ended AS (UPDATE office_holders SET held_until = '2021-09-30'
                      WHERE tenant_id = $1 AND office_id = $2 RETURNING tenant_id)
       INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
       SELECT tenant_id, $2, $3, '2021-10-01', 'substantive' FROM ended`,
      [w.tenantId, w.ids.offices.ceo, w.ids.people.gp],
    );
    const reads = longWay();
    const refused = await send(w, 'ceo', id, 'AGREE', 2).expect(403);
    expect(refused.body.code).toBe('NOT_AUTHORISED');
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(2);
    const agreed = await send(w, 'gp', id, 'AGREE', 2).expect(200);
    expect((agreed.body as { version: number }).version).toBe(3);
  });

  it('refuses the approval of a kept key’s person whose delegation was revoked since', async () => {
    const w = await council();
    const id = await seeking(w);
    await send(w, 'ceo', id, 'AGREE', 2).expect(200);
    await send(w, 'ao', id, 'AGREE', 3).expect(200);
    await keyKept(w, 'chair', id);
    await ready().db.superuser('UPDATE delegations SET revoked_at = $2 WHERE id = $1', [
      w.ids.delegations.bcfApproval,
      new Date('2021-10-01T08:00:00Z'),
    ]);
    const reads = longWay();
    const refused = await send(w, 'chair', id, 'APPROVE', 4).expect(403);
    expect(refused.body.code).toBe('NOT_AUTHORISED');
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(4);
  });

  /** The Chair away from today for a week, the Vice-Chair covering, written as a data fix would. */
  const awayChair = (w: BcfWorld) =>
    ready().db.superuser(
      `INSERT INTO absences (tenant_id, person_id, deputy_person_id, delegation_id, first_day, last_day,
                             recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, '2021-10-01', '2021-10-08', $2, now())`,
      [w.tenantId, w.ids.people.chair, w.ids.people.cabinet, w.ids.delegations.bcfApprovalVice],
    );

  it('sends the request to the deputy of someone who went away since the case was kept', async () => {
    const w = await council(withViceChairDelegation);
    const id = await seeking(w);
    await send(w, 'ceo', id, 'AGREE', 2).expect(200);
    await keyKept(w, 'ao', id);
    await awayChair(w);
    const reads = longWay();
    await send(w, 'ao', id, 'AGREE', 3).expect(200);
    expect(reads).toHaveBeenCalled();
    expect(await linksOfRole(ready().db.ds, id, 'delegatedApprover')).toEqual([
      { name: 'Cllr Chris Lane', status: 'open' },
    ]);
  });

  it('names in its emails a document the case gained since it was kept', async () => {
    const w = await council();
    const id = await seeking(w);
    await send(w, 'ceo', id, 'AGREE', 2).expect(200);
    await keyKept(w, 'ao', id);
    await ready().db.superuser(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       SELECT d, tenant_id, id, 'Plan narrative', 'plan', 'plan.txt', 'text/plain', repeat('a', 64), 1, $2, now(), d, 1
         FROM cases, gen_random_uuid() d WHERE id = $1`,
      [id, w.ids.people.officer],
    );
    const reads = longWay();
    await send(w, 'ao', id, 'AGREE', 3).expect(200);
    expect(reads).toHaveBeenCalled();
    const asked = await ready().db.superuser<{ documents: { name: string }[] }>(
      `SELECT payload->'documents' AS documents FROM effects
        WHERE case_id = $1 AND payload->>'message' = 'approval-requested'`,
      [id],
    );
    expect(asked.map((a) => a.documents.map((d) => d.name))).toEqual([['Plan narrative']]);
  });

  it('refuses an event on a case another API process paused since, at the kept version and at the pause’s', async () => {
    const w = await council();
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    await request(other!.getHttpServer())
      .post(`/api/cases/${id}/pause`)
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .send({ expectedVersion: 2, reason: 'Awaiting legal advice.' })
      .expect(200);
    const reads = longWay();
    const stale = await send(w, 'ceo', id, 'AGREE', 2).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 3 });
    const paused = await send(w, 'ceo', id, 'AGREE', 3);
    expect({ status: paused.status, rule: paused.body.rule }).toEqual({
      status: 422,
      rule: 'CASE_PAUSED',
    });
    expect(reads).toHaveBeenCalled();
    expect(await versionOf(id)).toBe(3);
  });

  it('sends from the case another API process moved on, at its version, and refuses the kept one', async () => {
    const w = await council();
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    await send(w, 'ao', id, 'AGREE', 2, {}, other).expect(200);
    const reads = longWay();
    const stale = await send(w, 'ceo', id, 'AGREE', 2).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const sent = await send(w, 'ceo', id, 'AGREE', 3).expect(200);
    expect(reads).toHaveBeenCalled();
    expect(sent.text).toEqual((await read(w, id)).text);
    expect(await versionOf(id)).toBe(4);
  });

  it('sends from the case a worker’s deadline moved on in another process, and refuses the kept one', async () => {
    const w = await council();
    const id = await seeking(w);
    await keyKept(w, 'ceo', id);
    const due = await ready().db.superuser(
      `UPDATE deadlines SET due_at = $2 WHERE id = (SELECT id FROM deadlines
          WHERE case_id = $1 AND status = 'pending' AND kind = 'reminder' ORDER BY due_at, id LIMIT 1)
       RETURNING id`,
      [id, new Date('2021-10-01T08:59:00Z')],
    );
    expect(due).toHaveLength(1);
    expect((await other!.get(DeadlineSweepService).sweep()).fired).toBeGreaterThanOrEqual(1);
    const moved = await versionOf(id);
    expect(moved).toBeGreaterThan(2);
    const reads = longWay();
    const stale = await send(w, 'ceo', id, 'AGREE', 2).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const sent = await send(w, 'ceo', id, 'AGREE', moved).expect(200);
    expect(reads).toHaveBeenCalled();
    expect(sent.text).toEqual((await read(w, id)).text);
    expect(await versionOf(id)).toBe(moved + 1);
  });
});
