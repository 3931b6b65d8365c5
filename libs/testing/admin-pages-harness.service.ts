import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { postSignIn } from './sign-in.service';
import { testAppHarness } from './test-app.service';
import { type BcfWorld, buildBcfWorld } from './world.factory';

/**
 * The administrator's pages through HTTP (test/admin-*.e2e-spec.ts): a database and an app per
 * spec file, worlds of their own with an administrator, an officer and a governance lead, and the
 * ways a browser signs in and reads the pages.
 */

export const ADMIN_PASSWORDS = {
  administrator: 'admin-password-1',
  officer: 'officer-password-1',
  governanceLead: 'lead-password-1',
};

export const DEFAULT_SETTINGS = {
  calendar: { extraClosures: [], weekendsCountAsClearDays: false },
  interests: { dpiMemberMustLeaveRoom: false },
  callIn: { periodWorkingDays: 5 },
};

export interface AdminWorld extends BcfWorld {
  email: (personKey: string) => Promise<string>;
  accountId: (personKey: string) => Promise<string>;
}

/** The <input> tag with `id`, to read its value. */
export function inputTag(html: string, id: string): string {
  return new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

/** The table row that mentions `text` (and no other row). */
export function rowWith(html: string, text: string): string {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const notAnotherRow = '(?:(?!<tr)[\\s\\S])*?';
  return (
    new RegExp(`<tr class="govuk-table__row">${notAnotherRow}${escaped}${notAnotherRow}</tr>`).exec(
      html,
    )?.[0] ?? ''
  );
}

/** Opens the spec file's database and app before its tests and closes them after. */
export function adminPagesHarness(now = new Date('2025-08-01T09:00:00Z')) {
  const clock = new ManualClock(now);
  const ready = testAppHarness({ what: 'the database and the app', clock });
  const db = () => ready().db;
  const app = () => ready().app;
  let address = 0;

  /** A world of its own where Dr Okafor administers Ratify, Dana Whitlock is an officer and Lee Morgan the governance lead. */
  async function adminWorld(): Promise<AdminWorld> {
    const world = await buildBcfWorld(db().ds);
    for (const [personKey, role, password] of [
      ['gp', 'administrator', ADMIN_PASSWORDS.administrator],
      ['officer', 'officer', ADMIN_PASSWORDS.officer],
      ['governanceLead', 'governance_lead', ADMIN_PASSWORDS.governanceLead],
    ] as const) {
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db().ds, {
        tenantId: world.tenantId,
        personId: world.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
    }
    return {
      ...world,
      email: async (personKey) => world.emailOf(personKey),
      accountId: async (personKey) => {
        const [a]: { id: string }[] = await db().ds.query(
          'SELECT id FROM staff_accounts WHERE person_id = $1',
          [world.ids.people[personKey]],
        );
        return a.id;
      },
    };
  }

  /** Each sign-in comes from an address of its own: the sign-in rate limit counts per address. */
  function signIn(email: string, password: string) {
    const agent = request.agent(app().getHttpServer());
    return postSignIn(
      agent,
      { email, password, next: '/cases' },
      { 'X-Forwarded-For': `192.0.2.${++address}` },
    ).then((res) => ({ agent, res }));
  }

  async function signedIn(email: string, password: string) {
    const { agent, res } = await signIn(email, password);
    expect(res.status).toBe(303);
    return agent;
  }

  async function csrfOf(agent: request.Agent, path = '/cases'): Promise<string> {
    const page = await agent.get(path).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  async function settingsOf(world: BcfWorld) {
    const res = await request(app().getHttpServer())
      .get('/api/settings')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    return res.body as typeof DEFAULT_SETTINGS;
  }

  async function accountsOf(world: BcfWorld) {
    const rows: { person_id: string; role: string; disabled: boolean }[] = await db().ds.query(
      'SELECT person_id, role, disabled_at IS NOT NULL AS disabled FROM staff_accounts WHERE tenant_id = $1 ORDER BY person_id',
      [world.tenantId],
    );
    return rows;
  }

  return {
    clock,
    get db() {
      return db();
    },
    get app() {
      return app();
    },
    adminWorld,
    signIn,
    signedIn,
    csrfOf,
    settingsOf,
    accountsOf,
  };
}
