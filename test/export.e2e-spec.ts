import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../libs/core/clock.service';
import { openArchive, readArchive } from '../libs/export/archive-reader.service';
import type { ExportManifest } from '../libs/export/export-manifest';
import { buildExportWorld, ExportWorld } from '../libs/testing/export-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureToolBuilt, runTool } from '../libs/testing/tool-process.service';

/*
 * Issue #18, item 3: a council takes all its records with it. `npm run export` writes them as a
 * documented archive (NDJSON, document files, a manifest with hashes and the audit heads);
 * `npm run export:verify` checks it with nothing but the file, and names whatever was altered.
 */

type Lines = Map<string, Record<string, unknown>[]>;

/** Every NDJSON file of an archive, parsed, and its manifest. */
async function contentsOf(file: string): Promise<{ lines: Lines; manifest: ExportManifest }> {
  const lines: Lines = new Map();
  let manifest = '';
  await readArchive(await openArchive(file), {
    line: (path, _n, value) =>
      lines.set(path, [...(lines.get(path) ?? []), value as Record<string, unknown>]),
    bytes: (path, chunk) => {
      if (path === 'manifest.json') manifest += chunk.toString('utf8');
    },
  });
  return { lines, manifest: JSON.parse(manifest) as ExportManifest };
}

/** The tar with one byte changed: the first `find` after the start of entry `entry`'s content. */
function tamper(tar: Buffer, entry: string, find: string, replace: string): Buffer {
  const header = tar.indexOf(Buffer.from(`${entry}\0`));
  if (header < 0 || header % 512 !== 0) throw new Error(`no entry ${entry}`);
  const at = tar.indexOf(Buffer.from(find), header + 512);
  if (at < 0) throw new Error(`no ${find} in ${entry}`);
  const out = Buffer.from(tar);
  Buffer.from(replace).copy(out, at);
  return out;
}

describe('npm run export and npm run export:verify', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let w: ExportWorld;
  let exporter: string;
  let verifier: string;
  let dir: string;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const exportTool = (args: string[]) => runTool(exporter, args, { DATABASE_URL: db.url });
  // The verifier is given no database at all: it must need none.
  const verify = (file: string) =>
    runTool(verifier, [file], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  const slug = async (tenantId: string) =>
    (
      await db.ds.query<{ slug: string }[]>('SELECT slug FROM tenants WHERE tenant_id = $1', [
        tenantId,
      ])
    )[0].slug;
  const peopleOf = (tenantId: string) =>
    db.ds.query<{ id: string; name: string; email: string }[]>(
      'SELECT id, name, email FROM people WHERE tenant_id = $1',
      [tenantId],
    );

  beforeAll(async () => {
    exporter = ensureToolBuilt('export');
    verifier = ensureToolBuilt('export-verify');
    db = await openTestDatabase(4);
    app = await buildTestApp(db.ds, clock);
    w = await buildExportWorld(app, db.ds, clock);
    dir = mkdtempSync(join(tmpdir(), 'ratify-export-test-'));
  }, 300_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await app.close();
    await db.drop();
  });

  it('exports a council with a closed BCF case, its documents and a meeting, which verifies offline, and records who asked', async () => {
    const [c] = await db.ds.query<
      { closed_at: Date | null; audit_head: string; version: number }[]
    >('SELECT closed_at, audit_head, version FROM cases WHERE id = $1', [w.caseId]);
    expect(c.closed_at).not.toBeNull();
    const out = join(dir, 'council.tar');
    const run = await exportTool(['--tenant', await slug(w.world.tenantId), '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`to ${out}`) });

    const checked = await verify(out);
    expect(checked.stdout).toMatch(
      /1 case chains \(\d+ audit records\), 3 documents checked: everything agrees/,
    );
    expect(checked.code).toBe(0);

    const { lines, manifest } = await contentsOf(out);
    expect(manifest).toMatchObject({
      format: 'ratify-export',
      kind: 'council',
      council: { id: w.world.tenantId },
      auditHeads: [{ caseId: w.caseId, records: c.version, head: c.audit_head }],
      counts: expect.objectContaining({
        'cases/cases': 1,
        'cases/audit-records': c.version,
        'documents/documents': 3,
        'documents/files': 3,
        'meetings/meetings': 1,
        'meetings/attendance': 4,
        'meetings/declarations': 1,
        'directory/absences': 1,
      }),
    });
    expect(lines.get('directory/absences.ndjson')).toEqual([
      expect.objectContaining({
        person_id: w.world.ids.people.chair,
        deputy_person_id: w.world.ids.people.cabinet,
        first_day: '2022-01-10',
        last_day: '2022-01-14',
        note: 'Annual leave',
      }),
    ]);
    expect(manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(w.documentIds.map((id) => `documents/files/${id}`)),
    );
    // Secrets stay out: no link token's hash, no password's.
    expect(lines.get('cases/requests.ndjson')?.[0]).not.toHaveProperty('token_hash');
    expect(lines.get('directory/people.ndjson')?.length).toBeGreaterThan(5);
    expect(manifest.files.map((f) => f.path)).toContain('directory/changes.ndjson');
    expect(manifest.directoryChanges).toEqual({
      count: expect.any(Number),
      head: expect.any(String),
    });

    // The other council's records never appear, not even its ids.
    const bytes = readFileSync(out).toString('latin1');
    for (const p of await peopleOf(w.other.tenantId)) {
      expect(bytes).not.toContain(p.email);
      expect(bytes).not.toContain(p.id);
    }
    expect(bytes).not.toContain(w.other.tenantId);
    expect(bytes).not.toContain(w.otherCaseId);

    const recorded = await db.ds.query<{ kind: string; requested_by: unknown; channel: string }[]>(
      'SELECT kind, requested_by, channel FROM data_exports WHERE tenant_id = $1',
      [w.world.tenantId],
    );
    expect(recorded).toEqual([
      {
        kind: 'council',
        channel: 'command',
        requested_by: { kind: 'command', tool: 'npm run export', user: expect.any(String) },
      },
    ]);
    // ...and the export's own record is in the archive it wrote.
    expect(lines.get('council/exports.ndjson')).toHaveLength(1);
  });

  it('names the record and the file when one byte of an audit record or of a document was changed', async () => {
    const out = join(dir, 'to-tamper.tar');
    expect((await exportTool(['--tenant', await slug(w.world.tenantId), '--out', out])).code).toBe(
      0,
    );
    const { lines } = await contentsOf(out);
    const agreed = lines
      .get('cases/audit-records.ndjson')
      ?.find((l) => (l.event as { comments?: string }).comments === 'Agreed for the council.');
    expect(agreed).toBeDefined();
    const tar = readFileSync(out);

    const edited = join(dir, 'edited-record.tar');
    writeFileSync(
      edited,
      tamper(tar, 'cases/audit-records.ndjson', 'Agreed for the council.', 'B'),
    );
    const record = await verify(edited);
    expect(record.code).toBe(1);
    expect(record.stdout).toContain('WRONG cases/audit-records.ndjson: its SHA-256 is');
    const [{ reference }]: { reference: string }[] = await db.ds.query(
      'SELECT reference FROM cases WHERE id = $1',
      [w.caseId],
    );
    expect(record.stdout).toContain(
      `WRONG case ${reference} (Better Care Fund plan 2021/22; id ${w.caseId}): audit record ${String(agreed?.seq)}: edited: record ${String(agreed?.seq)} was changed after it was written`,
    );

    const document = join(dir, 'edited-document.tar');
    writeFileSync(
      document,
      tamper(tar, `documents/files/${w.documentIds[2]}`, 'Discharges,95', 'd'),
    );
    const content = await verify(document);
    expect(content.code).toBe(1);
    expect(content.stdout).toContain(`WRONG documents/files/${w.documentIds[2]}: its SHA-256 is`);
    expect(content.stdout).toContain(
      `WRONG document ${w.documentIds[2]} (Metrics appendix, version 1): documents/files/${w.documentIds[2]}: its content's SHA-256 is`,
    );
    expect(content.stdout).toContain('2 problems');
  });

  it('exports what names one person, and no one else’s personal data, as a subject access export', async () => {
    const chair = w.world.ids.people.chair;
    const email = w.world.emailOf('chair');
    const out = join(dir, 'chair.tar.gz');
    const run = await exportTool([
      '--tenant',
      await slug(w.world.tenantId),
      '--person',
      email.toUpperCase(),
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect((await verify(out)).code).toBe(0);

    const { lines, manifest } = await contentsOf(out);
    expect(manifest).toMatchObject({
      kind: 'person',
      person: { personIds: [chair] },
      auditHeads: [],
    });
    expect(lines.get('directory/people.ndjson')).toEqual([
      expect.objectContaining({ id: chair, email }),
    ]);
    expect(lines.get('directory/memberships.ndjson')?.map((m) => m.person_id)).toEqual([chair]);
    // Their absence by its days; not who covers it (checked below: no one else's id or name).
    expect(lines.get('directory/absences.ndjson')).toEqual([
      expect.objectContaining({ person_id: chair, first_day: '2022-01-10', note: 'Annual leave' }),
    ]);
    expect(lines.get('directory/absences.ndjson')?.[0]).not.toHaveProperty('deputy_person_id');
    const requests = lines.get('cases/requests.ndjson') ?? [];
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.person_id === chair)).toBe(true);
    expect(lines.get('cases/case-events.ndjson')?.map((e) => e.type)).toEqual(['APPROVE']);
    expect(
      lines.get('cases/audit-records.ndjson')?.map((a) => (a.event as { type: string }).type),
    ).toEqual(['APPROVE']);
    expect(lines.get('meetings/attendance.ndjson')).toEqual([
      expect.objectContaining({ person_id: chair, status: 'present' }),
    ]);
    expect(lines.get('meetings/declarations.ndjson')).toEqual([
      expect.objectContaining({ person_id: chair, kind: 'other' }),
    ]);
    expect(lines.get('cases/cases.ndjson')).toEqual([
      expect.objectContaining({ id: w.caseId, title: 'Better Care Fund plan 2021/22' }),
    ]);

    const text = JSON.stringify([...lines.values()]);
    const people = [...(await peopleOf(w.world.tenantId)), ...(await peopleOf(w.other.tenantId))];
    const chairName = people.find((p) => p.id === chair)?.name;
    for (const p of people.filter((x) => x.id !== chair)) {
      expect(text).not.toContain(p.email);
      expect(text).not.toContain(p.id);
      // The test councils share their people's names: the other council's chair is named alike.
      if (p.name !== chairName) expect(text).not.toContain(p.name);
    }
    const recorded = await db.ds.query<{ kind: string; subject_email: string }[]>(
      `SELECT kind, subject_email FROM data_exports WHERE tenant_id = $1 AND kind = 'person'`,
      [w.world.tenantId],
    );
    expect(recorded).toEqual([{ kind: 'person', subject_email: email.toUpperCase() }]);
  });

  it('refuses an unknown council or person, writing and recording nothing', async () => {
    const before = await db.ds.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM data_exports',
    );
    const out = join(dir, 'nothing.tar');
    const council = await exportTool(['--tenant', 'no-such-council', '--out', out]);
    expect(council).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('there is no council with the slug no-such-council'),
    });
    const person = await exportTool([
      '--tenant',
      await slug(w.world.tenantId),
      '--person',
      'nobody@example.org',
      '--out',
      out,
    ]);
    expect(person).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "Nobody in your council's directory has the email address nobody@example.org",
      ),
    });
    expect(await db.ds.query('SELECT count(*)::int AS n FROM data_exports')).toEqual(before);
    expect(() => readFileSync(out)).toThrow();
    expect((await verify(join(dir, 'missing.tar'))).code).toBe(2);
  });
});
