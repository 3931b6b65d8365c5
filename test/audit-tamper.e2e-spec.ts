import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { type ChainFinding, chainHash, type StoredLink } from '../libs/audit/audit-chain.service';
import { ManualClock } from '../libs/core/clock.service';
import { tamperWithAuditRecords } from '../libs/testing/audit-tampering.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * The audit table is append-only: the app's runtime role may only INSERT and SELECT, and the
 * table's triggers refuse UPDATE, DELETE and TRUNCATE even to its owner. Someone with superuser
 * rights can still switch the triggers off; then the hash chain is what shows it.
 */

const STEPS: [who: 'officer' | 'ceo' | 'ao' | 'chair', type: string][] = [
  ['officer', 'SEEK_AGREEMENT'],
  ['ceo', 'AGREE'],
  ['ao', 'AGREE'],
  ['chair', 'APPROVE'],
];

describe('tampering with the audit trail', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, new ManualClock(new Date('2021-10-01T09:00:00Z')));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** A case taken to readyToSubmit through the API: five audit records, seq 1 to 5. */
  async function caseWithFiveRecords(): Promise<{ world: BcfWorld; caseId: string }> {
    const world = await buildBcfWorld(db.ds);
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    for (const [i, [who, type]] of STEPS.entries()) {
      await request(app.getHttpServer())
        .post(`/api/cases/${caseId}/events`)
        .set('Authorization', `Bearer ${world.keys[who]}`)
        .send({ type, expectedVersion: i + 1 })
        .expect(200);
    }
    return { world, caseId };
  }

  async function verify(world: BcfWorld, caseId: string): Promise<ChainFinding> {
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/audit/verify`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    return res.body as ChainFinding;
  }

  async function recordIds(caseId: string): Promise<Record<number, string>> {
    const rows: { seq: number; id: string }[] = await db.superuser(
      'SELECT seq, id::text AS id FROM audit_records WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    return Object.fromEntries(rows.map((r) => [r.seq, r.id]));
  }

  /**
   * Runs statements as the superuser in one transaction with the triggers bypassed
   * (session_replication_role = replica), as someone covering their tracks would.
   */
  async function tamper(statements: [string, unknown[]][]): Promise<void> {
    const c = new Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      for (const [sql, params] of statements) {
        const r = await c.query(sql, params);
        expect(r.rowCount).toBeGreaterThan(0);
      }
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
  }

  it('verifies an untouched chain as intact', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    const finding = await verify(world, caseId);
    expect(finding).toMatchObject({ ok: true, records: 5 });
  });

  it.each([
    ['the words of an event', `event = jsonb_set(event, '{comments}', '"Approved."')`],
    ['who acted', `actor = jsonb_set(actor, '{name}', '"Someone Else"')`],
    ['the authority acted under', `authority = jsonb_set(authority, '{role}', '"officer"')`],
    ['when it happened', `recorded_at = recorded_at - interval '1 day'`],
    ['the state it led to', `to_state = 'preSubmission.readyToSubmit'`],
  ])('finds an edit to %s, at that record', async (_what, assignment) => {
    const { world, caseId } = await caseWithFiveRecords();
    await tamper([
      [`UPDATE audit_records SET ${assignment} WHERE case_id = $1 AND seq = 3`, [caseId]],
    ]);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'edited',
      atSeq: 3,
      recordId: (await recordIds(caseId))[3],
      detail: 'record 3 was changed after it was written',
    });
  });

  it('finds an edit whose hash was recomputed to match, by the broken link after it', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    const trail = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/audit`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    const {
      id: _id,
      hash: _hash,
      prevHash,
      ...content
    } = (trail.body as { records: StoredLink[] }).records[2];
    // The forger rewrites record 3 and gives it the hash its new content has.
    const forged = { ...content, event: { type: 'AGREE', comments: 'Forged.' } };
    await tamper([
      [
        'UPDATE audit_records SET event = $2, hash = $3 WHERE case_id = $1 AND seq = 3',
        [caseId, JSON.stringify(forged.event), chainHash(prevHash, forged)],
      ],
    ]);
    // Record 3 now checks out on its own; record 4 still points at the hash it replaced.
    expect(await verify(world, caseId)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: 3,
      recordId: (await recordIds(caseId))[3],
      detail: expect.stringContaining('record 4 no longer points at record 3'),
    });
  });

  it('names the record whose pointer to the one before was changed by one byte', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    await tamper([
      [
        `UPDATE audit_records SET prev_hash = overlay(prev_hash placing CASE WHEN substr(prev_hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END from 1 for 1) WHERE case_id = $1 AND seq = 3`,
        [caseId],
      ],
    ]);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'edited',
      atSeq: 3,
      recordId: (await recordIds(caseId))[3],
      detail: "record 3's pointer to record 2 was altered after it was written",
    });
  });

  it('finds a chain rewritten and re-hashed from a record to its end, by the head the case keeps', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    const trail = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/audit`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    const records = (trail.body as { records: StoredLink[] }).records;
    // The forger rewrites record 3, then re-hashes it and every record after it.
    const statements: [string, unknown[]][] = [];
    let prev = records[1].hash;
    for (const r of records.slice(2)) {
      const { id: _id, hash: _hash, prevHash: _prev, ...content } = r;
      const changed =
        r.seq === 3 ? { ...content, event: { type: 'AGREE', comments: 'Forged.' } } : content;
      const hash = chainHash(prev, changed);
      statements.push([
        'UPDATE audit_records SET event = $2, prev_hash = $3, hash = $4 WHERE case_id = $1 AND seq = $5',
        [caseId, JSON.stringify(changed.event), prev, hash, r.seq],
      ]);
      prev = hash;
    }
    await tamper(statements);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'rewritten',
      atSeq: 5,
      recordId: (await recordIds(caseId))[5],
      detail:
        'the chain ends in a hash other than the head the case recorded: its records were rewritten and re-hashed',
    });
  });

  it('finds a well-formed record appended outside the engine', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    const trail = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/audit`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    const last = (trail.body as { records: StoredLink[] }).records[4];
    const { id: _id, hash: _hash, prevHash: _prev, ...content } = last;
    const appended = {
      ...content,
      seq: 6,
      recordedAt: '2021-10-02T09:00:00.000Z',
      event: { type: 'RECORD_SUBMISSION', submittedOn: '2021-10-02' },
      fromState: 'preSubmission.readyToSubmit',
      toState: 'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
    };
    // INSERT is what the table allows, even through the app's connection.
    await db.ds.query(
      `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        appended.tenantId,
        caseId,
        6,
        appended.recordedAt,
        JSON.stringify(appended.actor),
        JSON.stringify(appended.authority),
        JSON.stringify(appended.event),
        appended.fromState,
        appended.toState,
        last.hash,
        chainHash(last.hash, appended),
      ],
    );
    expect(await verify(world, caseId)).toMatchObject({
      ok: false,
      problem: 'inserted',
      atSeq: 6,
      recordId: (await recordIds(caseId))[6],
    });
  });

  it('finds a deleted middle record', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    // The other way past the trigger: switch it off for the table, then on again.
    await tamperWithAuditRecords(db, [
      'DELETE FROM audit_records WHERE case_id = $1 AND seq = 3',
      [caseId],
    ]);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'deleted',
      atSeq: 3,
      recordId: (await recordIds(caseId))[4],
      detail: 'record 3 is missing: the next record present is 4',
    });
    // The trigger is back: not even the owner can delete.
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(
      (await db.owner()).query('DELETE FROM audit_records WHERE case_id = $1 AND seq = 4', [
        caseId,
      ]),
    ).rejects.toThrow('audit_records is append-only: DELETE refused');
    log.mockRestore();
  });

  it('finds the last record deleted as a truncated chain', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    await tamper([['DELETE FROM audit_records WHERE case_id = $1 AND seq = 5', [caseId]]]);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'truncated',
      atSeq: 5,
      recordId: null,
      detail: 'the case is at version 5 but its chain ends at record 4: later records were deleted',
    });
  });

  it('finds two records swapped as reordered, at the first misplaced one', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    const ids = await recordIds(caseId);
    // Swap the physical order (id) of records 2 and 3 through a spare id.
    await tamper([
      ['UPDATE audit_records SET id = -1 WHERE id = $1', [ids[2]]],
      ['UPDATE audit_records SET id = $2 WHERE id = $1', [ids[3], ids[2]]],
      ['UPDATE audit_records SET id = $1 WHERE id = -1', [ids[3]]],
    ]);
    expect(await verify(world, caseId)).toEqual({
      ok: false,
      problem: 'reordered',
      atSeq: 2,
      recordId: ids[2],
      detail: 'record 3 stands where record 2 should be',
    });
  });

  it('reports the first broken record when several are tampered with', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    await tamper([
      ['DELETE FROM audit_records WHERE case_id = $1 AND seq = 5', [caseId]],
      [
        `UPDATE audit_records SET event = jsonb_set(event, '{type}', '"REJECT"') WHERE case_id = $1 AND seq = 4`,
        [caseId],
      ],
      [
        `UPDATE audit_records SET actor = jsonb_set(actor, '{name}', '"Nobody"') WHERE case_id = $1 AND seq = 2`,
        [caseId],
      ],
    ]);
    expect(await verify(world, caseId)).toMatchObject({ ok: false, problem: 'edited', atSeq: 2 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit records through the app’s connection', async () => {
    const { world, caseId } = await caseWithFiveRecords();
    // TypeORM logs each refused query; the refusals are the point here.
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const before: unknown[] = await db.ds.query(
      'SELECT * FROM audit_records WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    // The app's role has no such privilege; the table's owner has, and its triggers refuse.
    const owner = await db.owner();
    for (const [ds, refusal] of [
      [db.ds, 'permission denied for table audit_records'],
      [owner, 'audit_records is append-only: UPDATE refused'],
    ] as const)
      await expect(
        ds.query(`UPDATE audit_records SET to_state = 'closed' WHERE case_id = $1`, [caseId]),
      ).rejects.toThrow(refusal);
    await expect(
      db.ds.query('DELETE FROM audit_records WHERE case_id = $1', [caseId]),
    ).rejects.toThrow('permission denied for table audit_records');
    await expect(
      owner.query('DELETE FROM audit_records WHERE case_id = $1', [caseId]),
    ).rejects.toThrow('audit_records is append-only: DELETE refused');
    await expect(db.ds.query('TRUNCATE audit_records')).rejects.toThrow(
      'permission denied for table audit_records',
    );
    await expect(owner.query('TRUNCATE audit_records')).rejects.toThrow(
      'audit_records is append-only: TRUNCATE refused',
    );
    // Inside a transaction too: the refusal rolls the whole transaction back.
    await expect(
      db.ds.transaction(async (m) => {
        await m.query(`UPDATE cases SET title = 'Renamed' WHERE id = $1`, [caseId]);
        await m.query('DELETE FROM audit_records WHERE case_id = $1 AND seq = 5', [caseId]);
      }),
    ).rejects.toThrow('permission denied');
    const [{ title }]: { title: string }[] = await db.ds.query(
      'SELECT title FROM cases WHERE id = $1',
      [caseId],
    );
    log.mockRestore();
    expect(title).toBe('Better Care Fund plan 2021/22');
    expect(
      await db.ds.query('SELECT * FROM audit_records WHERE case_id = $1 ORDER BY id', [caseId]),
    ).toEqual(before);
    expect(await verify(world, caseId)).toMatchObject({ ok: true, records: 5 });
  });
});
