import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { ensureToolBuilt, runTool } from '../testing/tool-process.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { ReplayOpenCasesUseCase } from './replay-open-cases.use-case';
import { CaseRepository } from './case.repository';

/**
 * `npm run cases:replay` before a deploy: every open case's stored events replayed through its
 * template version agree with what is stored, until a stored snapshot disagrees with them.
 */
describe('replaying the events of open cases (npm run cases:replay)', () => {
  let db: TestDatabase;
  let tool: string;
  const replay = () => runTool(tool, [], { DATABASE_URL: db.url });
  const ids: string[] = [];

  beforeAll(async () => {
    // Building dist, when the tool's is missing or stale, takes a minute or two on a busy machine.
    tool = ensureToolBuilt('replay-open-cases');
    db = await openTestDatabase();
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const open = async () =>
      (await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId;
    // One case just opened; one agreed by both and rejected by the chair, back in drafting.
    ids.push(await open());
    const walked = await open();
    ids.push(walked);
    const steps: [string, keyof typeof world.actors][] = [
      ['SEEK_AGREEMENT', 'officer'],
      ['AGREE', 'ao'],
      ['AGREE', 'ceo'],
    ];
    for (const [i, [type, who]] of steps.entries())
      await h.send.send(walked, { type, payload: {} }, world.actors[who], {
        expectedVersion: i + 1,
      });
    await h.send.send(
      walked,
      { type: 'REJECT', payload: { reasons: 'The plan needs a stronger discharge scheme.' } },
      world.actors.chair,
      { expectedVersion: 4 },
    );
  }, 300_000);
  afterAll(async () => {
    await db.drop();
  });

  it('finds every open case agreeing with its replayed events, and says so', async () => {
    const replayed = await new ReplayOpenCasesUseCase(
      db.ds.manager,
      new CaseRepository(),
    ).replayAll();
    expect(replayed.map((c) => [c.caseId, c.divergence])).toEqual(
      expect.arrayContaining(ids.map((id) => [id, null])),
    );
    const run = await replay();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`${replayed.length} open cases replayed, 0 diverge.`);
  });

  it('reports a case whose stored snapshot disagrees with its events, and exits 1', async () => {
    const [, walked] = ids;
    const before = await db.superuser<{ snapshot: unknown; version: number }>(
      'SELECT snapshot, version FROM cases WHERE id = $1',
      [walked],
    );
    await db.superuser(
      `UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,round}', '99') WHERE id = $1`,
      [walked],
    );
    try {
      const replayed = await new ReplayOpenCasesUseCase(
        db.ds.manager,
        new CaseRepository(),
      ).replayAll();
      const found = replayed.find((c) => c.caseId === walked)?.divergence;
      expect(found?.seq).toBeNull();
      expect(found?.explanation).toMatch(
        /^the replayed snapshot differs from the stored one: snapshot\.context\.round is \d+ on replay, 99 as stored$/,
      );
      expect(replayed.filter((c) => c.divergence !== null)).toHaveLength(1);
      const run = await replay();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`DIVERGES case ${walked}`);
      expect(run.stdout).toContain(`${replayed.length} open cases replayed, 1 diverge.`);
      // It wrote nothing.
      const after = await db.superuser<{ version: number }>(
        'SELECT version FROM cases WHERE id = $1',
        [walked],
      );
      expect(after[0].version).toBe(before[0].version);
    } finally {
      await db.superuser('UPDATE cases SET snapshot = $2 WHERE id = $1', [
        walked,
        JSON.stringify(before[0].snapshot),
      ]);
    }
  });
});
