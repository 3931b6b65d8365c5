/**
 * `node dist/bench/documents.bench.js` (after `npm run build`): how much the process's memory
 * grows while a 20 MB document is uploaded through the documents page and read back, server and
 * client in one process. The client streams the file from disk; memory (RSS, heap, and Buffers
 * outside the heap) is sampled every few milliseconds, and the peak above the level before the
 * transfer is printed. Nothing asserts a figure: it reports what it measures (issue #13 asks for
 * growth of no more than a few MB).
 *
 * Settings (environment): BENCH_DOCUMENT_MB (20).
 */
import { NestFactory } from '@nestjs/core';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../apps/server/app.module';
import { configureHttpApp } from '../apps/api/http/http-app.service';
import { loadSettings } from '../libs/config/settings.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { southamptonLikeDirectory } from '../libs/demo/southampton-directory.service';
import { createTenantDirectory } from '../libs/directory/tenant-setup.service';
import { SystemClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { freePort } from './free-port.service';
import { BodyRepository } from '../libs/directory/body.repository';
import { BodyRulesRepository } from '../libs/directory/body-rules.repository';
import { TenantDirectoryRepository } from '../libs/directory/tenant-directory.repository';

const MB = Number(process.env.BENCH_DOCUMENT_MB || 20);

/** Peak growth of each memory figure above its level when started, while `work` runs. */
async function measure(work: () => Promise<void>) {
  (global as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[])
      peak[k] = Math.max(peak[k], m[k] - base[k]);
  };
  const timer = setInterval(sample, 2);
  const started = Date.now();
  await work();
  sample();
  clearInterval(timer);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return {
    seconds: ((Date.now() - started) / 1000).toFixed(2),
    rss: mb(peak.rss),
    heapUsed: mb(peak.heapUsed),
    external: mb(peak.external),
    arrayBuffers: mb(peak.arrayBuffers),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ratify-docbench-'));
  const pgDir = mkdtempSync(join(tmpdir(), 'ratify-docbench-pg-'));
  const pg = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: await freePort(),
    database: 'ratify_docbench',
    persistent: false,
  });
  const ds = await openDataSource(pg.url, 10);
  try {
    await migrate(ds);
    const officerKey = `bench-officer-${randomBytes(8).toString('hex')}`;
    const spec = southamptonLikeDirectory({
      slug: 'bench',
      name: 'Bench council',
      emailDomain: 'bench.test',
      apiKeys: {
        officer: officerKey,
        chiefExecutive: 'x1',
        accountableOfficer: 'x2',
        chair: 'x3',
        member: 'x4',
      },
      delegationFrom: new Date('2020-01-01T00:00:00Z'),
    });
    const ids = await ds.transaction((m) =>
      createTenantDirectory(m, spec, {
        directory: new TenantDirectoryRepository(),
        bodies: new BodyRepository(),
        rules: new BodyRulesRepository(),
      }),
    );
    const [officer]: { email: string }[] = await ds.query(
      'SELECT email FROM people WHERE id = $1',
      [ids.people.officer],
    );
    await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
      tenantId: ids.tenantId,
      personId: ids.people.officer,
      role: 'officer',
      password: 'bench-password-1',
      at: new Date(),
    });
    const settings = loadSettings({ SEED_DEMO: 'false' });
    const app = await NestFactory.create(
      AppModule.forRoot({ dataSource: ds, clock: new SystemClock(), settings, role: 'api' }),
      { logger: ['error'] },
    );
    configureHttpApp(app, settings);
    await app.listen(0, '127.0.0.1');
    const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const year = new Date().getUTCFullYear();
    const opened = await fetch(`${origin}/api/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${officerKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        template: 'bcf-delegated-sign-off',
        title: 'Bench plan',
        dates: {
          submissionDeadline: `${year + 1}-11-16`,
          notingDeadline: `${year + 1}-12-16`,
          expectedAssuranceDate: `${year + 2}-01-09`,
        },
        roles: {
          chiefExecutive: ids.offices.ceo,
          accountableOfficer: ids.offices.ao,
          delegatedApprover: ids.delegations.bcfApproval,
        },
      }),
    });
    const openedBody = (await opened.json()) as { id?: string };
    const caseId = openedBody.id;
    if (!caseId) console.error(openedBody);
    if (!caseId) throw new Error(`could not open a case: ${opened.status}`);

    // Sign in as a browser does: the form's token and cookie, then the session cookie.
    const signInPage = await fetch(`${origin}/sign-in`);
    const signInCookie = (signInPage.headers.get('set-cookie') ?? '').split(';')[0];
    const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())![1];
    const signedIn = await fetch(`${origin}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: signInCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: officer.email,
        password: 'bench-password-1',
        _csrf: signInCsrf,
      }),
    });
    const session = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (
      await fetch(`${origin}/cases/${caseId}/documents`, { headers: { Cookie: session } })
    ).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const version = /name="expectedVersion" value="(\d+)"/.exec(page)![1];

    const file = join(dir, 'plan.pdf');
    writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(MB * 1024 * 1024)]));
    const boundary = `bench${randomBytes(8).toString('hex')}`;
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const head =
      field('_csrf', csrf) +
      field('expectedVersion', version) +
      field('title1', 'Bench plan') +
      field('kind1', 'plan') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file1"; filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const upload = await measure(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = httpRequest(
            `${origin}/cases/${caseId}/documents`,
            {
              method: 'POST',
              headers: {
                Cookie: session,
                'Content-Type': `multipart/form-data; boundary=${boundary}`,
              },
            },
            (res) => {
              res.resume();
              res.on('end', () =>
                res.statusCode === 303 ? resolve() : reject(new Error(`upload: ${res.statusCode}`)),
              );
            },
          );
          req.on('error', reject);
          req.write(head);
          const stream = createReadStream(file);
          stream.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
          stream.pipe(req, { end: false });
        }),
    );
    const [doc]: { id: string; sha256: string }[] = await ds.query(
      'SELECT id, sha256 FROM documents WHERE case_id = $1',
      [caseId],
    );
    const hash = createHash('sha256');
    const download = await measure(
      () =>
        new Promise<void>((resolve, reject) => {
          httpRequest(
            `${origin}/cases/${caseId}/documents/${doc.id}/content`,
            { headers: { Cookie: session } },
            (res) => {
              res.on('data', (c: Buffer) => hash.update(c));
              res.on('end', resolve);
              res.on('error', reject);
            },
          )
            .on('error', reject)
            .end();
        }),
    );
    const intact = hash.digest('hex') === doc.sha256;
    console.log(
      `Document of ${MB} MB (Node ${process.version}), memory growth at its peak above the level before:`,
    );
    console.log(`  upload through the documents page: ${JSON.stringify(upload)}`);
    console.log(
      `  read back by staff (hashed as it is sent, last piece held back): ${JSON.stringify(download)}; intact: ${intact}`,
    );
    await app.close();
  } finally {
    await ds.destroy();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
