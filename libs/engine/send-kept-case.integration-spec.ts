import type { TenantSpec } from '../directory/tenant-setup.service';
import {
  chairAwayBySql,
  linksOfRole,
  withViceChairDelegation,
} from '../testing/absence-world.factory';
import { absenceUseCases } from '../testing/directory-use-cases.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/**
 * A send straight on the pool decides on the case as this process's own last write left it, with
 * no read, and writes only if nothing a read would bring has changed since; whatever else happens
 * (another process's send, a change to the case row, its council, its documents, who is away) is
 * decided again on a read: no event lost, doubled, refused or applied on a case no longer the case.
 */
describe('a send from the case as this process last wrote it', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  async function openCase(tweak?: (spec: TenantSpec) => void) {
    const world = await buildBcfWorld(db.ds, { tweak });
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    return { world, h, caseId };
  }

  const reads = () => jest.spyOn(CaseRepository.prototype, 'findForSend');

  async function events(caseId: string): Promise<string[]> {
    const rows: { type: string }[] = await db.ds.query(
      'SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    return rows.map((r) => r.type);
  }

  it('reads the case once for sends one after another, and writes each event once', async () => {
    const { world, h, caseId } = await openCase();
    const read = reads();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 2,
    });
    const last = await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 3,
    });
    expect(read).toHaveBeenCalledTimes(1);
    expect(last.version).toBe(4);
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT', 'AGREE', 'AGREE']);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('refuses, as a version conflict, a send on a case another process has moved on since', async () => {
    const { world, h, caseId } = await openCase();
    const other = engineHarness(db.ds);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await other.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 2,
    });
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, { expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT', 'AGREE']);
    // The version the other process left is sent from the case as it is now.
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 3,
    });
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT', 'AGREE', 'AGREE']);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('decides on a read, not on the kept case, an event the kept case would refuse', async () => {
    const { world, h, caseId } = await openCase();
    const other = engineHarness(db.ds);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    // Back to drafting elsewhere: seeking agreement again is refused only on the kept case.
    await other.send.send(
      caseId,
      { type: 'REJECT', payload: { reasons: 'The discharge fund split needs another look.' } },
      world.actors.ao,
      { expectedVersion: 2 },
    );
    const sent = await h.send.send(
      caseId,
      { type: 'SEEK_AGREEMENT', payload: {} },
      world.actors.officer,
    );
    expect(sent.version).toBe(4);
    expect(await events(caseId)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'REJECT',
      'SEEK_AGREEMENT',
    ]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('sees a change to the case row that moves no version: a paused case takes no event', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await db.ds.query(
      `UPDATE cases SET lifecycle_status = 'paused', lifecycle_since = now() WHERE id = $1`,
      [caseId],
    );
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, { expectedVersion: 2 }),
    ).rejects.toMatchObject({ extra: { rule: 'CASE_PAUSED' } });
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT']);
  });

  it('reads again after a change around the case: its council, its documents', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    const read = reads();
    await db.ds.query(`UPDATE tenants SET settings = settings WHERE tenant_id = $1`, [
      world.tenantId,
    ]);
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 2,
    });
    expect(read).toHaveBeenCalledTimes(1);
    await db.ds.query(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       SELECT d, tenant_id, id, 'Plan narrative', 'plan', 'plan.txt', 'text/plain', repeat('a', 64), 1, $2, now(), d, 1
         FROM cases, gen_random_uuid() d WHERE id = $1`,
      [caseId, world.ids.people.officer],
    );
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 3,
    });
    expect(read).toHaveBeenCalledTimes(2);
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT', 'AGREE', 'AGREE']);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('reads again after a send whose council changed between its read and its write', async () => {
    const { world, h, caseId } = await openCase();
    // The council's row changes after the first send has read the case, before it writes.
    const advance = CaseRepository.prototype.advance;
    jest.spyOn(CaseRepository.prototype, 'advance').mockImplementationOnce(async function (
      this: CaseRepository,
      ...args
    ) {
      await db.ds.query('UPDATE tenants SET settings = settings WHERE tenant_id = $1', [
        world.tenantId,
      ]);
      return advance.apply(this, args);
    });
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    const read = reads();
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 2,
    });
    // The first send's read saw the council as it was: the second is not decided on it.
    expect(read).toHaveBeenCalledTimes(1);
    expect(await events(caseId)).toEqual(['CASE_OPENED', 'SEEK_AGREEMENT', 'AGREE']);
  });

  it('reads again when the person the next request goes to went away since: the request goes to their deputy', async () => {
    const { world, h, caseId } = await openCase(withViceChairDelegation);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 2,
    });
    // The Chair goes away from today, the Vice-Chair covering. Recorded by the directory alone (no
    // hand-over of open cases at once), so the case row does not move; the record of directory
    // changes moves the council's row, not its directory version.
    await absenceUseCases(db.ds, h.clock).record.record(
      { deputyPersonId: world.ids.people.cabinet, firstDay: '2021-10-01', lastDay: '2021-10-08' },
      world.actors.chair,
    );
    const read = reads();
    const last = await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 3,
    });
    // Read again (and again in the transaction that makes a request to someone away).
    expect(read).toHaveBeenCalled();
    // The last agreement, then the Chair's role reassigned to the Vice-Chair on the same send.
    expect(last.version).toBe(5);
    expect(await linksOfRole(db.ds, caseId, 'delegatedApprover')).toEqual([
      { name: 'Cllr Chris Lane', status: 'open' },
    ]);
    expect(await events(caseId)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'AGREE',
      'AGREE',
      'ROLE_REASSIGNED',
    ]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('reads again when an absence is written in SQL, not by the use case', async () => {
    const { world, h, caseId } = await openCase(withViceChairDelegation);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 2,
    });
    // Written as a data fix would be, not by the use case (whose record of directory changes
    // also moves the council's row): the absences' own trigger moves the council's row
    // (migrations/1796441800000), and that is all the write checks of who is away.
    await chairAwayBySql(db.ds, world);
    const read = reads();
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 3,
    });
    expect(read).toHaveBeenCalled();
    expect(await linksOfRole(db.ds, caseId, 'delegatedApprover')).toEqual([
      { name: 'Cllr Chris Lane', status: 'open' },
    ]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });
});
