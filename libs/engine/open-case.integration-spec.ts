import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { engineHarness } from '../testing/engine-harness.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { definitionHash } from '../workflows/template-definition.service';
import { findTemplate } from '../workflows/template.registry';

describe('opening a case', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('records the hash of the definition it opened on, in the case and its first audit record', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const hash = definitionHash(findTemplate('bcf-delegated-sign-off', 1)!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const [row]: { definition_hash: string }[] = await db.ds.query(
      'SELECT definition_hash FROM cases WHERE id = $1',
      [caseId],
    );
    expect(row.definition_hash).toBe(hash);
    const [opened] = await h.audit.trail(world.tenantId, caseId);
    expect(opened.event).toMatchObject({
      type: 'CASE_OPENED',
      template: 'bcf-delegated-sign-off',
      templateVersion: 1,
      definitionHash: hash,
    });
    await expect(h.audit.verifyCase(world.tenantId, caseId)).resolves.toMatchObject({ ok: true });
  });
});
