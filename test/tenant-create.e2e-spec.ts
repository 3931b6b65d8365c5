import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { verifyDirectoryChain } from '../libs/directory/directory-change-chain.service';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { ManualClock } from '../libs/core/clock.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureToolBuilt, runTool } from '../libs/testing/tool-process.service';
import { tenantScope } from '../libs/core/tenant-scope';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * A new council in minutes: `npm run tenant:create` makes the tenant and its first administrator
 * and prints a one-time link; the administrator sets a password on its page and signs in.
 */
describe('npm run tenant:create', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tool: string;
  const clock = new ManualClock(new Date());
  const server = () => request(app.getHttpServer());
  const create = (args: string[]) => runTool(tool, args, { DATABASE_URL: db.url });
  const tenants = async () =>
    (await db.ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM tenants'))[0].n;

  beforeAll(async () => {
    tool = ensureToolBuilt('tenant-create');
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { PUBLIC_ORIGIN: 'http://localhost:3000' });
    // Building dist, when the tool's is missing or stale, takes a minute or two on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('creates a council whose first administrator sets a password from the link and signs in', async () => {
    const suffix = randomBytes(3).toString('hex');
    const email = `jo.bloggs@${suffix}.example.org`;
    const run = await create([
      '--slug',
      `portsmouth-${suffix}`,
      '--name',
      'Portsmouth City Council',
      '--admin-email',
      email,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      `Created Portsmouth City Council (slug portsmouth-${suffix}) with its first administrator, Jo Bloggs <${email}>.`,
    );
    const link = /http:\/\/localhost:3000(\/set-password\/[A-Za-z0-9_-]{43})\n/.exec(
      run.stdout,
    )?.[1];
    expect(link).toBeDefined();

    const [tenant] = await db.ds.query('SELECT tenant_id FROM tenants WHERE slug = $1', [
      `portsmouth-${suffix}`,
    ]);
    const { changes, head } = await new DirectoryChangeRepository().chain(
      tenantScope(tenant.tenant_id),
      db.ds.manager,
    );
    expect(verifyDirectoryChain(changes, head)).toMatchObject({ ok: true, changes: 3 });
    expect(changes.map((c) => [c.subject, c.action, c.actor])).toEqual([
      ['organisation', 'created', { kind: 'system', tool: 'tenant:create' }],
      ['person', 'created', { kind: 'system', tool: 'tenant:create' }],
      ['staffAccount', 'created', { kind: 'system', tool: 'tenant:create' }],
    ]);
    expect(JSON.stringify(changes)).not.toContain(link!.split('/').pop());

    const page = await server().get(link!).expect(200);
    expect(page.text).toContain('Create your password');
    expect(page.text).toContain(email);
    const short = await server()
      .post(link!)
      .type('form')
      .send({ password: 'short', confirm: 'short' })
      .expect(422);
    expect(short.text).toContain('There is a problem');
    expect(short.text).toContain('href="#password"');
    const mismatch = await server()
      .post(link!)
      .type('form')
      .send({ password: 'correct horse battery', confirm: 'correct horse battery staple' })
      .expect(422);
    expect(mismatch.text).toContain('Enter the same password twice');
    // Before a password is set, there is nothing to sign in with.
    const agent = request.agent(app.getHttpServer());
    expect((await postSignIn(agent, { email, password: 'correct horse battery' })).status).toBe(
      422,
    );

    const saved = await server()
      .post(link!)
      .type('form')
      .send({ password: 'correct horse battery', confirm: 'correct horse battery' })
      .expect(200);
    expect(saved.text).toContain('Password saved');
    const signedIn = await postSignIn(agent, { email, password: 'correct horse battery' });
    expect([signedIn.status, signedIn.headers.location]).toEqual([303, '/cases']);
    const staffPage = await agent.get('/admin/staff').expect(200);
    expect(staffPage.text).toContain('Jo Bloggs');

    // The link worked once.
    const again = await server().get(link!).expect(404);
    expect(again.text).toContain('This link cannot be used');
    await server()
      .post(link!)
      .type('form')
      .send({ password: 'another long password', confirm: 'another long password' })
      .expect(404);
    const stale = await postSignIn(request.agent(app.getHttpServer()), {
      email,
      password: 'another long password',
    });
    expect(stale.status).toBe(422);
  });

  it.each([
    [
      'a slug that exists',
      (s: string) => ['--slug', `taken-${s}`],
      'is taken: choose another slug',
    ],
    [
      'a slug with capitals and an underscore',
      () => ['--slug', 'Isle_of_Wight'],
      'use lower-case letters, digits and single hyphens',
    ],
  ])(
    'refuses %s with exit code 2, saying what to fix, and creates nothing',
    async (_w, slugArgs, message) => {
      const suffix = randomBytes(3).toString('hex');
      const base = ['--name', 'A Council', '--admin-email', `admin@${suffix}.example.org`];
      expect(
        (
          await create([
            '--slug',
            `taken-${suffix}`,
            '--name',
            'First',
            '--admin-email',
            `first@${suffix}.example.org`,
          ])
        ).code,
      ).toBe(0);
      const before = await tenants();
      const run = await create([...slugArgs(suffix), ...base]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Nothing was created.');
      expect(run.stderr).toContain(`--slug: `);
      expect(run.stderr).toContain(message);
      expect(await tenants()).toBe(before);
    },
  );

  it('with --api-key, also prints the administrator an API key that works once the council exists', async () => {
    const suffix = randomBytes(3).toString('hex');
    const run = await create([
      '--slug',
      `eastmoor-${suffix}`,
      '--name',
      'Eastmoor Borough Council',
      '--admin-email',
      `casey.dunn@${suffix}.example.org`,
      '--api-key',
      'Directory set-up from our HR system',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const key = /\n {2}(rat_[A-Za-z0-9_-]{43})\n/.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    const councils = await server()
      .get('/api/directory/organisations')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(councils.body.items.map((o: { name: string }) => o.name)).toEqual([
      'Eastmoor Borough Council',
    ]);
    const keys = await server()
      .get('/api/directory/api-keys')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(keys.body.items).toMatchObject([{ name: 'Directory set-up from our HR system' }]);
  });

  it('refuses a missing argument with the usage line and exit code 2', async () => {
    const run = await create(['--slug', 'nowhere', '--name', 'Nowhere Council']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tenant:create: give --admin-email');
    expect(run.stderr).toContain('usage: npm run tenant:create --');
  });

  it('lets a password link lapse after 72 hours', async () => {
    const suffix = randomBytes(3).toString('hex');
    const created = await directoryUseCases(db.ds, clock).createTenant.create({
      slug: `lapsed-${suffix}`,
      name: 'Lapsed Council',
      adminEmail: `lapsed@${suffix}.example.org`,
      adminName: 'Lee Lapse',
    });
    await server().get(`/set-password/${created.passwordToken}`).expect(200);
    clock.advance(72 * 3600_000);
    try {
      await server().get(`/set-password/${created.passwordToken}`).expect(404);
    } finally {
      clock.set(new Date());
    }
  });
});
