import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { tenantScope } from '../libs/core/tenant-scope';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ClockFile, waitUntil, WorkerProcess } from '../libs/testing/worker-process.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { WebhookFactsRepository } from '../libs/webhooks/webhook-facts.repository';
import { newWebhookSecret } from '../libs/webhooks/webhook-signature.service';
import { WebhookRepository } from '../libs/webhooks/webhook.repository';

const T0 = '2021-10-01T09:00:00.000Z';
const LEASE_MS = 60_000;
jest.setTimeout(300_000);

/**
 * A receiver as the specification asks receivers to be: it verifies each request and acts on a
 * webhook-id once. Told to, it holds a request without answering (the sender is then killed).
 */
class DeduplicatingReceiver {
  private server!: Server;
  readonly requests: { id: string; type: string }[] = [];
  readonly acted = new Set<string>();
  holdNext = false;
  private held: ServerResponse | null = null;

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const msg = new Webhook(this.secret).verify(
          body,
          req.headers as Record<string, string>,
        ) as { type: string };
        const id = String(req.headers['webhook-id']);
        this.requests.push({ id, type: msg.type });
        if (this.holdNext) {
          // Received, not yet answered: the sender dies before it hears back.
          this.holdNext = false;
          this.held = res;
          res.on('error', () => undefined);
          return;
        }
        this.acted.add(id);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return this;
  }

  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ratify`;
  }

  async stop() {
    this.held?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('crash safety of webhook delivery', () => {
  let db: TestDatabase;
  let clock: ClockFile;
  let workers: WorkerProcess[];
  let receiver: DeduplicatingReceiver;

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ClockFile(T0);
    workers = [];
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await receiver?.stop();
    clock.remove();
    await db.drop();
  });

  function startWorker(name: string): WorkerProcess {
    const w = WorkerProcess.start(name, { databaseUrl: db.url, clockFile: clock });
    workers.push(w);
    return w;
  }

  const deliveries = async () =>
    (await db.ds.query(
      `SELECT id, event_type, status, attempts, available_at FROM webhook_deliveries ORDER BY created_at, id`,
    )) as {
      id: string;
      event_type: string;
      status: string;
      attempts: number;
      available_at: Date;
    }[];

  const attempts = async () =>
    (await db.ds.query(
      'SELECT delivery_id, response_status FROM webhook_attempts ORDER BY attempted_at, id',
    )) as { delivery_id: string; response_status: number | null }[];

  it('a worker killed after sending and before hearing back is followed by one that resends under the same webhook-id, so the receiver acts once', async () => {
    const h = engineHarness(db.ds, T0);
    const world = await buildBcfWorld(db.ds);
    const secret = newWebhookSecret();
    receiver = await new DeduplicatingReceiver(secret).start();
    receiver.holdNext = true;
    await new WebhookFactsRepository().startCursor(
      tenantScope(world.tenantId),
      db.ds.manager,
      new Date(T0),
    );
    await new WebhookRepository().create(tenantScope(world.tenantId), db.ds.manager, {
      url: receiver.url,
      events: ['case.opened'],
      secret,
      at: new Date(T0),
    });
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);

    // The first worker queues the delivery, claims it and sends it; the receiver holds its answer.
    const first = startWorker('first');
    // Starting a process is slow on a loaded machine; what matters is what happens once it runs.
    await first.ready(120_000);
    await waitUntil(
      'the receiver got the first request',
      async () => receiver.requests.length > 0,
      {
        workers,
      },
    );
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const [claimed] = await deliveries();
    expect(claimed).toMatchObject({ event_type: 'case.opened', status: 'pending', attempts: 1 });
    expect(claimed.available_at).toEqual(new Date(new Date(T0).getTime() + LEASE_MS));
    expect(await attempts()).toEqual([]);
    expect(receiver.acted.size).toBe(0);

    // After the dead worker's lease, another worker sends it again, under the same id.
    clock.set(new Date(new Date(T0).getTime() + LEASE_MS + 1_000));
    await startWorker('second').ready(120_000);
    await waitUntil(
      'the delivery is recorded as delivered',
      async () => (await deliveries())[0].status === 'delivered',
      { workers },
    );
    expect(receiver.requests).toEqual([
      { id: claimed.id, type: 'case.opened' },
      { id: claimed.id, type: 'case.opened' },
    ]);
    expect([...receiver.acted]).toEqual([claimed.id]);
    expect(await deliveries()).toEqual([expect.objectContaining({ id: claimed.id, attempts: 2 })]);
    expect(await attempts()).toEqual([{ delivery_id: claimed.id, response_status: 204 }]);
    // The case itself never waited for any of this.
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(1);
  });
});
