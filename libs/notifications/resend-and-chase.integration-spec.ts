import { ActionLinkRepository } from '../links/action-link.repository';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { ChaseRequestsUseCase } from './chase-requests.use-case';
import { OutboxRepository } from './outbox.repository';
import { ResendEmailUseCase } from './resend-email.use-case';

/*
 * The officer's resend and chase (no HTTP journey covers them): a failed email is set back to be
 * sent and the resend recorded on the case; a chase voids the open links and sends the requests
 * again with new ones; neither changes anything when there is nothing to do.
 */
describe('the officer resends a failed email and chases the open requests', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let resend: ResendEmailUseCase;
  let chase: ChaseRequestsUseCase;

  const seekingAgreement = async (): Promise<string> => {
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    return caseId;
  };
  const linksOf = async (caseId: string) =>
    (await db.ds.query(`SELECT status FROM action_links WHERE case_id = $1`, [caseId])) as {
      status: string;
    }[];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    h = engineHarness(db.ds);
    resend = new ResendEmailUseCase(h.send, new OutboxRepository());
    chase = new ChaseRequestsUseCase(h.send, new ActionLinkRepository());
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('sets a failed email back to be sent, records the resend, and refuses an email that has not failed', async () => {
    const caseId = await seekingAgreement();
    const [email]: { id: string }[] = await db.ds
      .query(
        `UPDATE effects SET status = 'failed', attempts = 8, last_error = '550'
        WHERE id = (SELECT id FROM effects WHERE case_id = $1 AND kind = 'email' LIMIT 1) RETURNING id`,
        [caseId],
      )
      .then((r: unknown[]) => r[0] as { id: string }[]);
    await resend.resend(caseId, email.id, 2, world.actors.officer);
    await expect(
      db.ds.query(`SELECT status, attempts, last_error FROM effects WHERE id = $1`, [email.id]),
    ).resolves.toEqual([{ status: 'pending', attempts: 0, last_error: null }]);
    // The resend was recorded: the case is at version 3, so this one is refused for what it asks.
    await expect(resend.resend(caseId, email.id, 3, world.actors.officer)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('voids the open links and sends the requests again with new ones, and refuses with nobody to chase', async () => {
    const caseId = await seekingAgreement();
    const before = await linksOf(caseId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((l) => l.status === 'open')).toBe(true);
    await expect(chase.chase(caseId, 2, world.actors.officer)).resolves.toBe(before.length);
    const after = (await linksOf(caseId)).map((l) => l.status);
    expect(after.filter((l) => l === 'voided')).toHaveLength(before.length);
    expect(after.filter((l) => l === 'open')).toHaveLength(before.length);
    await db.ds.query(`UPDATE action_links SET status = 'voided' WHERE case_id = $1`, [caseId]);
    // The chase was recorded: the case is at version 3.
    await expect(chase.chase(caseId, 3, world.actors.officer)).rejects.toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
    });
  });
});
