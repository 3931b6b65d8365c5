import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { LinkTokens } from '../links/link-token.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { pdfFile } from './document-fixtures.service';
import { postSignIn } from './sign-in.service';
import { openBcfCaseBody, type BcfWorld } from './world.factory';

/*
 * A closed BCF case with personal data for retention to weigh (test/personal-data-retention and
 * personal-data-hold): its requests sent for agreement through the API and one of them opened from
 * a browser (the link's evidence: address and browser), closed so many years before the clock's
 * now; with `evidence: 'full'` also a document, the emailed-code step-up proven on the link and the
 * outbox's emails delivered, so that every kind of personal data retention keeps is there.
 */

const YEAR = 366 * 24 * 3600_000;

export interface ClosedCaseOptions {
  yearsAgo: number;
  /** The browser the link was opened from. */
  userAgent: string;
  evidence?: 'link' | 'full';
}

export interface ClosedCase {
  caseId: string;
  /** The link opened from the browser, and the address it was sent to. */
  linkId: string;
  email: string;
}

export async function closedBcfCase(
  app: INestApplication,
  ds: DataSource,
  clock: Clock,
  world: BcfWorld,
  o: ClosedCaseOptions,
): Promise<ClosedCase> {
  const full = o.evidence === 'full';
  const server = app.getHttpServer();
  const auth = { Authorization: `Bearer ${world.keys.officer}` };
  const caseId = (
    await request(server).post('/api/cases').set(auth).send(openBcfCaseBody(world)).expect(201)
  ).body.id as string;
  if (full)
    await request(server)
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 1,
        name: 'Better Care Fund plan',
        kind: 'plan',
        mediaType: 'application/pdf',
        contentBase64: pdfFile('Better Care Fund plan').toString('base64'),
      })
      .expect(201);
  await request(server)
    .post(`/api/cases/${caseId}/events`)
    .set(auth)
    .send({ type: 'SEEK_AGREEMENT', expectedVersion: full ? 2 : 1 })
    .expect(200);
  const [link]: { id: string; email: string }[] = await ds.query(
    `SELECT l.id, p.email FROM action_links l JOIN people p ON p.id = l.person_id
      WHERE l.case_id = $1 AND l.status = 'open' ORDER BY l.role LIMIT 1`,
    [caseId],
  );
  await request(server)
    .get(`/act/${app.get(LinkTokens).tokenFor(link.id)}`)
    .set('User-Agent', o.userAgent)
    .expect(200);
  if (full) {
    // The emailed-code step-up as link-step-up-code.use-case.ts writes it, proven and used.
    await ds.query(
      `INSERT INTO link_step_ups (tenant_id, link_id, method, browser_key_hash, code_hash, attempts,
                                  sent_to, created_at, expires_at, used_at, verified_at, verified_email)
       VALUES ($1, $2, 'emailed-code', 'b'||md5(random()::text), 'c'||md5(random()::text), 0, $3, $4, $4, $4, $4, $3)`,
      [world.tenantId, link.id, link.email, clock.now()],
    );
    // The outbox delivered the requests (as outbox-delivery.service.ts marks them).
    await ds.query(`UPDATE effects SET status = 'done', done_at = $2 WHERE case_id = $1`, [
      caseId,
      clock.now(),
    ]);
  }
  await ds.query('UPDATE cases SET closed_at = $2 WHERE id = $1', [
    caseId,
    new Date(clock.now().getTime() - o.yearsAgo * YEAR),
  ]);
  return { caseId, linkId: link.id, email: link.email };
}

/** The council's chief executive as its administrator, signed in to the pages. */
export async function signedInAdministrator(
  app: INestApplication,
  ds: DataSource,
  clock: Clock,
  world: BcfWorld,
) {
  await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
    tenantId: world.tenantId,
    personId: world.ids.people.ceo,
    role: 'administrator',
    password: 'admin-pass-1',
    at: clock.now(),
  });
  const admin = request.agent(app.getHttpServer());
  await postSignIn(admin, { email: world.emailOf('ceo'), password: 'admin-pass-1' });
  return admin;
}
