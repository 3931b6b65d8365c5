import type { INestApplication } from '@nestjs/common';
import { authenticator } from 'otplib';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { tenantScope } from '../core/tenant-scope';
import { PasswordLinkRepository } from '../staff/password-link.repository';
import { PasswordLinkUseCase } from '../staff/password-link.use-case';
import { SecondFactorUseCase } from '../staff/second-factor.use-case';
import { buildFuzzWorld, FUZZ_PASSWORDS, type FuzzWorld } from './fuzz-world.factory';
import { HttpCases } from './http-cases.service';
import { addOfficerDelegation } from './officer-decision-world.factory';

/** What the page crawl opens beside the fuzz's ids: one real instance behind each page's address. */
export interface CrawlIds {
  organisation: string;
  office: string;
  /** A holding of `office` (its holder's). */
  holding: string;
  delegation: string;
  /** A body with seats, and a CCG member's seat of it (one with named substitutes). */
  body: string;
  seat: string;
  /** The naming of the CCG deputy (Dr Gus Lee) as a substitute for `seat`. */
  substitute: string;
  /** The reference of the fuzz's first case (/cases/by-reference). */
  caseReference: string;
  /** A case with a role to hand over, and the role. */
  roleCase: string;
  role: string;
  /** A paused case (the resume form), a case whose personal data is held (the release form). */
  pausedCase: string;
  heldCase: string;
  /** An officer's decision published on the register. */
  publishedCase: string;
  /** A forward plan edition, and a webhook subscription. */
  edition: string;
  webhook: string;
  /** A working set-password link's token. */
  passwordToken: string;
  /** The sign-in of an account with an authenticator app, whose code the crawl never gives. */
  twoFactor: { email: string; password: string };
}

export interface CrawlWorld extends FuzzWorld {
  crawl: CrawlIds;
  /** API keys by who: the world's people and `director`, the Director of Public Health. */
  keyOf(who: string): string;
}

/**
 * An officer's decision under the Director of Public Health's delegation (not a key decision),
 * opened, described and decided on `on` through the HTTP API: awaiting its publication.
 */
export async function officerDecisionDecided(
  cases: HttpCases,
  delegation: string,
  on: string,
  matter: { title: string; summary: string },
): Promise<CaseView> {
  const opened = await cases.open({
    template: 'officer-delegated-decision',
    title: matter.title,
    dates: { decisionDue: on },
    roles: { decisionMaker: delegation },
  });
  const described = await cases.act(opened, 'officer', 'DESCRIBE_MATTER', {
    summary: matter.summary,
    keyDecision: false,
    representations: 'Write to democratic.services@example.org',
  });
  return cases.act(described, 'director', 'RECORD_DECISION', {
    decision: 'Agree',
    decidedOn: on,
    reasons: 'Value for money',
  });
}

/**
 * The fuzz's world (libs/testing/fuzz-world.factory.ts) with what the rest of the pages show: an
 * officer's decision taken under the Director of Public Health's delegation and published, a paused
 * case, a case whose personal data is held, a forward plan edition, a webhook subscription, a
 * set-password link and an account with an authenticator app. Built through the HTTP API of `app`
 * where the API makes it, so that each is what a person would find.
 */
export async function buildCrawlWorld(
  ds: DataSource,
  app: INestApplication,
  clock: Clock,
): Promise<CrawlWorld> {
  let directorKey = '';
  const world = await buildFuzzWorld(ds, app, clock, {
    tweak: (spec) => {
      addOfficerDelegation(spec);
      directorKey = `test-director-${spec.slug}`;
    },
  });
  const api = () => request(app.getHttpServer());
  const keyOf = (who: string) => (who === 'director' ? directorKey : world.keys[who]);
  const as = (who: string) => ({ Authorization: `Bearer ${keyOf(who)}` });
  const created = async (res: request.Test, status = 201) => {
    const r = await res;
    expect({ status: r.status, body: r.body as unknown }).toMatchObject({ status });
    return r.body as { id: string };
  };
  const today = clock.now().toISOString().slice(0, 10);
  const [bcf, , board, minutes] = world.fuzz.cases;

  // An officer's decision, taken and published on the register.
  const cases = new HttpCases(() => app, keyOf);
  const decided = await officerDecisionDecided(cases, world.ids.delegations.dphDecision, today, {
    title: 'Library opening hours',
    summary: 'Opening hours of the central library',
  });
  await cases.act(decided, 'officer', 'RECORD_PUBLICATION', { publishedOn: today });

  const paused = await api().get(`/api/cases/${minutes}`).set(as('officer'));
  await created(
    api()
      .post(`/api/cases/${minutes}/pause`)
      .set(as('officer'))
      .send({ expectedVersion: (paused.body as { version: number }).version, reason: 'Waiting' }),
    200,
  );
  await created(
    api()
      .post(`/api/cases/${board}/personal-data-hold`)
      .set(as('gp'))
      .send({ reason: 'A complaint to the Ombudsman' }),
    200,
  );
  const edition = await created(
    api().post('/api/forward-plan/editions').set(as('officer')).send({ publishedOn: today }),
  );
  const webhook = await created(
    api()
      .post('/api/webhooks/subscriptions')
      .set(as('gp'))
      .send({ url: 'https://hooks.example.org/ratify', events: ['case.opened'] }),
  );

  const column = async (sql: string, params: unknown[]) =>
    ((await ds.query(sql, params)) as { id: string }[])[0].id;
  const spare = world.fuzz.spareAccounts[0];
  const passwordToken = await PasswordLinkUseCase.issue(
    app.get(PasswordLinkRepository),
    ds.manager,
    {
      tenantId: world.tenantId,
      accountId: spare,
      at: clock.now(),
    },
  );
  // The spare account (Healthwatch) signs in with an authenticator app from now on.
  const factors = app.get(SecondFactorUseCase);
  const email = world.emailOf('healthwatch');
  const { secret } = await factors.begin({ accountId: spare, tenantId: world.tenantId, email });
  const code = authenticator.clone({ epoch: clock.now().getTime() }).generate(secret);
  expect(Array.isArray(await factors.confirm(tenantScope(world.tenantId), spare, code))).toBe(true);

  const office = world.ids.offices.chair;
  const body = world.ids.bodies.jcb;
  const seat = await column('SELECT id FROM memberships WHERE body_id = $1 AND person_id = $2', [
    body,
    world.id('ccg1'),
  ]);
  return {
    ...world,
    keyOf,
    crawl: {
      organisation: world.ids.organisations.council,
      office,
      holding: await column('SELECT id FROM office_holders WHERE office_id = $1', [office]),
      delegation: world.ids.delegations.jcbDecision,
      body,
      seat,
      substitute: await column(
        'SELECT id FROM membership_substitutes WHERE membership_id = $1 AND person_id = $2',
        [seat, world.id('sub')],
      ),
      caseReference: await column('SELECT reference AS id FROM cases WHERE id = $1', [
        world.fuzz.cases[0],
      ]),
      roleCase: bcf,
      role: 'chiefExecutive',
      pausedCase: minutes,
      heldCase: board,
      publishedCase: decided.id,
      edition: edition.id,
      webhook: webhook.id,
      passwordToken,
      twoFactor: { email, password: FUZZ_PASSWORDS.spare },
    },
  };
}
