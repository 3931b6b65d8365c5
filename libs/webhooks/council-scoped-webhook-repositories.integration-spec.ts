import { apiKeyHash, ApiKeyRepository } from '../directory/api-key.repository';
import { DirectoryChangeRepository } from '../directory/directory-change.repository';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { WebhookRepository } from './webhook.repository';

/*
 * Webhooks', API keys' and the directory's record of changes' repositories take the council's
 * scope: a call scoped to council A reads and changes none of council B's rows, whatever id it is
 * given (outside every request's scope, where row-level security lets every row through, ADR 0015).
 */
describe('webhook, API key and directory change repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const webhooks = new WebhookRepository();
  const keys = new ApiKeyRepository();
  const changes = new DirectoryChangeRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not find, list, change or deliver another council’s webhooks', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    const at = new Date();
    const sub = await webhooks.create(scopeB, m, {
      url: 'https://b.example/hook',
      events: ['case.closed'],
      secret: 'secret-of-b',
      at,
    });
    await webhooks.enqueueTest(scopeB, m, { subscriptionId: sub.id, payload: {}, at });
    await expect(webhooks.find(scopeA, m, sub.id)).resolves.toBeNull();
    await expect(webhooks.list(scopeA, m)).resolves.toEqual([]);
    await expect(webhooks.deliveries(scopeA, m, sub.id)).resolves.toEqual([]);
    await expect(webhooks.claim(scopeA, m, new Date(at.getTime() + 1000), at)).resolves.toBeNull();
    await webhooks.disable(scopeA, m, sub.id, at);
    await webhooks.rotate(scopeA, m, sub.id, 'secret-of-a', at);
    expect(await webhooks.find(scopeB, m, sub.id)).toMatchObject({ disabledAt: null });
    const [delivery] = await webhooks.deliveries(scopeB, m, sub.id);
    expect(delivery).toMatchObject({ eventType: 'webhook.test', attempts: 0 });
    const claimed = await webhooks.claim(scopeB, m, new Date(at.getTime() + 1000), at);
    expect(claimed).toMatchObject({ tenantId: w.b.tenantId, secrets: ['secret-of-b'] });
    const { id } = delivery as { id: string };
    const outcome = { at, status: 200, error: null, next: null, failed: false };
    const attempts = async () =>
      (await m.query('SELECT 1 FROM webhook_attempts WHERE delivery_id = $1', [id]))
        .length as number;
    await webhooks.settle(scopeA, m, { id }, outcome);
    expect(await attempts()).toBe(0);
    expect((await webhooks.deliveries(scopeB, m, sub.id))[0]).toMatchObject({ deliveredAt: null });
    await webhooks.settle(scopeB, m, { id }, outcome);
    expect(await attempts()).toBe(1);
    expect((await webhooks.deliveries(scopeB, m, sub.id))[0]).toMatchObject({
      status: 'delivered',
    });
  });

  it('does not find, list or revoke another council’s API keys', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    const key = {
      personId: w.b.ids.people.officer,
      name: 'Key of B',
      keyHash: apiKeyHash('key-of-b'),
      createdAt: new Date(),
      expiresAt: null,
    };
    const id = await keys.insert(scopeB, m, key);
    const now = new Date();
    await expect(keys.authenticate(scopeA, m, key.keyHash, now, '2030-01-01')).resolves.toBeNull();
    expect(await keys.authenticate(scopeB, m, key.keyHash, now, '2030-01-01')).toMatchObject({
      keyId: id,
    });
    await keys.touch(scopeA, m, id, now);
    await expect(keys.find(scopeA, m, id)).resolves.toBeNull();
    const listed = await keys.list(scopeA, m, { limit: 500, offset: 0 });
    expect(listed.map((k) => k.id)).not.toContain(id);
    await keys.revoke(scopeA, m, id, new Date());
    expect(await keys.find(scopeB, m, id)).toMatchObject({
      name: 'Key of B',
      revokedAt: null,
      lastUsedAt: null,
    });
  });

  it('does not read another council’s record of directory changes', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    await changes.record(scopeB, m, {
      at: new Date(),
      actor: { kind: 'person', personId: w.b.ids.people.officer, name: 'Officer of B' },
      subject: 'person',
      subjectId: w.b.ids.people.chair,
      action: 'changed',
      before: null,
      after: null,
    });
    const ofB = await changes.chain(scopeB, m);
    expect(ofB.changes.length).toBeGreaterThan(0);
    const ofA = await changes.chain(scopeA, m);
    expect(ofA.changes.every((c) => c.tenantId === w.a.tenantId)).toBe(true);
    expect(ofA.head.count).toBe(ofA.changes.length);
    const listed = await changes.list(scopeA, m, { limit: 200 });
    expect(listed.every((c) => c.tenantId === w.a.tenantId)).toBe(true);
    const people = (await changes.people(scopeA, m)).map((p) => p.personId);
    expect(people).not.toContain(w.b.ids.people.officer);
    await expect(changes.namesOf(scopeA, m, [w.b.ids.people.chair])).resolves.toEqual(new Map());
    const named = await changes.namesOf(scopeB, m, [w.b.ids.people.chair]);
    expect(named.get(w.b.ids.people.chair)).toBeDefined();
  });

  it('records a change in its own council’s record only', async () => {
    const m = db.ds.manager;
    const headOf = async (scope: TwoCouncils['scopeA']) => (await changes.chain(scope, m)).head;
    const ofB = await headOf(w.scopeB);
    const ofA = await headOf(w.scopeA);
    const change = await changes.record(w.scopeA, m, {
      at: new Date(),
      actor: { kind: 'person', personId: w.a.ids.people.officer, name: 'Officer of A' },
      subject: 'person',
      subjectId: w.a.ids.people.chair,
      action: 'changed',
      before: null,
      after: null,
    });
    expect(change).toMatchObject({ tenantId: w.a.tenantId, seq: ofA.count + 1 });
    await expect(headOf(w.scopeA)).resolves.toEqual({ count: ofA.count + 1, hash: change.hash });
    await expect(headOf(w.scopeB)).resolves.toEqual(ofB);
  });
});
