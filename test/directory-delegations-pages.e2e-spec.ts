import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Issue #10, the scheme of delegation through the pages: the delegations in force on a day with
 * filters; an administrator grants one, amends it at the version read and revokes it from a later
 * day with the minute, through the same use cases as the API. A body whose rules do not let it
 * delegate is refused with the rule and its source; bad input is shown against its fields with
 * nothing saved; a stale form is a version conflict; officers read only; another council sees
 * nothing. Invented people; today is Thursday 3 December 2026.
 */
const PASSWORDS = { administrator: 'deleg-admin-pass-1', officer: 'deleg-officer-pass-1' };

describe('the scheme of delegation pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  let address = 0;
  let a: BcfWorld;
  let b: BcfWorld;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    a = await world();
    b = await world();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function world(): Promise<BcfWorld> {
    const w = await buildBcfWorld(db.ds);
    for (const [personKey, role, password] of [
      ['gp', 'administrator', PASSWORDS.administrator],
      ['officer', 'officer', PASSWORDS.officer],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: w.tenantId,
        personId: w.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
    return w;
  }

  async function as(w: BcfWorld, role: 'administrator' | 'officer') {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      {
        email: w.emailOf(role === 'administrator' ? 'gp' : 'officer'),
        password: PASSWORDS[role],
        next: '/cases',
      },
      { 'X-Forwarded-For': `203.0.113.${++address}` },
    );
    expect(res.status).toBe(303);
    const page = await agent.get('/directory/delegations').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return { agent, csrf };
  }

  function summary(html: string): [string, string][] {
    const box = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    return [...box.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [
      m[2]
        .trim()
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
      m[1],
    ]);
  }
  const delegations = async (w: BcfWorld) =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM delegations WHERE tenant_id = $1', [
          w.tenantId,
        ])
      )[0].n,
    );
  const date = (name: string, d: string, m: string, y: string) => ({
    [`${name}-day`]: d,
    [`${name}-month`]: m,
    [`${name}-year`]: y,
  });
  const grantForm = (w: BcfWorld, extra: Record<string, string> = {}) => ({
    grantor: `body:${w.ids.bodies.hwbb}`,
    delegate: w.ids.offices.ceo,
    scope: 'other',
    scopeOther: 'Urgent grant decisions',
    amountLimit: '£250,000',
    cabinetUnanimous: '',
    ...date('validFrom', '1', '12', '2026'),
    ...date('validUntil', '', '', ''),
    reference: 'HWBB minute 2026/41',
    ...extra,
  });

  let grantedId: string;

  it('lists the delegations in force today with their scope, limits and authority in words, filtered', async () => {
    const { agent } = await as(a, 'officer');
    const page = await agent.get('/directory/delegations').expect(200);
    expect(page.text).toContain('In force on Thursday 3 December 2026');
    expect(page.text).toContain('Chair, Southampton Health and Wellbeing Board</a>');
    expect(page.text).toContain(
      'Better Care Fund plan, delegated sign-off: HWBB chair, under the Board’s delegation',
    );
    expect(page.text).not.toContain('bcf-plan-approval<');
    expect(page.text).not.toContain('Grant a delegation');
    const toCeo = await agent
      .get(`/directory/delegations?delegate=${a.ids.offices.ceo}`)
      .expect(200);
    expect(toCeo.text).toContain('No delegations match.');
  });

  it('grants a delegation from a body to an office, with scope, limit, first day and minute', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    await agent.get('/directory/delegations/new').expect(200);
    const res = await agent
      .post('/directory/delegations')
      .type('form')
      .send({ ...grantForm(a), _csrf: csrf })
      .expect(303);
    grantedId = /\/directory\/delegations\/([0-9a-f-]{36})\?done=granted/.exec(
      res.headers.location,
    )![1];
    const page = await agent.get(res.headers.location).expect(200);
    for (const words of [
      'The delegation is granted and on the record.',
      'Delegation to the Chief Executive, Southampton City Council',
      'Southampton Health and Wellbeing Board',
      'Urgent grant decisions',
      '£250,000',
      'from Tuesday 1 December 2026, until revoked',
      'HWBB minute 2026/41',
      'In force',
    ])
      expect(page.text).toContain(words);
  });

  it('refuses bad input against its fields with what was typed kept and nothing saved', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const before = await delegations(a);
    const res = await agent
      .post('/directory/delegations')
      .type('form')
      .send({
        ...grantForm(a, {
          grantor: '',
          delegate: '',
          amountLimit: 'lots',
          reference: '',
          ...date('validFrom', '31', '11', '2026'),
        }),
        _csrf: csrf,
      })
      .expect(422);
    expect(summary(res.text)).toEqual([
      ['Choose the body or office that delegates', '#grantor'],
      ['Choose the office the delegation is to', '#delegate'],
      ['Enter the limit in whole pounds, like £250,000, or leave it blank', '#amountLimit'],
      ['The first day in force must be a real date', '#validFrom-day'],
      ['Enter the minute or the part of the constitution that grants it', '#reference'],
    ]);
    expect(res.text).toMatch(/name="amountLimit"[^>]*value="lots"/);
    expect(res.text).toMatch(/name="scopeOther"[^>]*value="Urgent grant decisions"/);
    expect(await delegations(a)).toBe(before);
  });

  it('refuses a delegation from a body whose rules do not let it delegate, naming the rule and its source', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const body = await agent
      .post('/directory/bodies')
      .type('form')
      .send({
        _csrf: csrf,
        name: 'Audit Committee',
        kind: 'committee',
        constituencyRows: '0',
        minimumRows: '0',
        quorumTotal: '3',
        quorumSource: 'Audit Committee terms of reference 3',
        decisionKind: 'majority',
        decisionSource: 'Audit Committee terms of reference 5',
        reportClearDays: '5',
        keyDecisionNoticeClearDays: '28',
        privateNoticeClearDays: '28',
        noticesSource: '2012 Regulations',
        substitutesKind: 'named',
        substitutesSource: 'Audit Committee terms of reference 4',
        delegationAllowed: 'no',
        delegationSource: 'Constitution Part 3: the committee keeps its decisions',
      })
      .expect(303);
    const auditId = /bodies\/([0-9a-f-]{36})/.exec(body.headers.location)![1];
    const before = await delegations(a);
    const res = await agent
      .post('/directory/delegations')
      .type('form')
      .send({ ...grantForm(a, { grantor: `body:${auditId}` }), _csrf: csrf })
      .expect(422);
    expect(summary(res.text)).toEqual([
      [
        'The rule “A body delegates only where its rules allow it” refuses this: the Audit Committee may not delegate under its rules (Constitution Part 3: the committee keeps its decisions). Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
        '#grantor',
      ],
    ]);
    expect(await delegations(a)).toBe(before);
  });

  it('amends at the version read and shows a stale form a version conflict, not an overwrite', async () => {
    const first = await as(a, 'administrator');
    const second = await as(a, 'administrator');
    const page = await first.agent.get(`/directory/delegations/${grantedId}`).expect(200);
    expect(page.text).toMatch(/name="amountLimit"[^>]*value="250,000"/);
    const amend = (who: typeof first, limit: string) =>
      who.agent
        .post(`/directory/delegations/${grantedId}`)
        .type('form')
        .send({
          ...grantForm(a, { amountLimit: limit }),
          grantor: undefined,
          delegate: undefined,
          version: '1',
          _csrf: who.csrf,
        });
    await amend(first, '300000').expect(303);
    const stale = await amend(second, '999999').expect(409);
    expect(summary(stale.text)[0][0]).toBe(
      'This delegation was changed after you opened this page, so nothing was recorded: check it as it is now, then make your change again.',
    );
    expect(stale.text).toMatch(/name="amountLimit"[^>]*value="999999"/);
    expect(stale.text).toContain('£300,000');
  });

  it('revokes from a later day with the minute: in force until then, not after, and kept on the record', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const noMinute = await agent
      .post(`/directory/delegations/${grantedId}/revoke`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '2',
        revokeReference: '',
        ...date('revokeOn', '1', '1', '2027'),
      })
      .expect(422);
    expect(summary(noMinute.text)).toEqual([
      ['Enter the minute or decision that revokes it', '#revokeReference'],
    ]);
    await agent
      .post(`/directory/delegations/${grantedId}/revoke`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '2',
        revokeReference: 'HWBB minute 2026/52',
        ...date('revokeOn', '1', '1', '2027'),
      })
      .expect(303);
    const page = await agent.get(`/directory/delegations/${grantedId}`).expect(200);
    expect(page.text).toContain('To be revoked from Friday 1 January 2027 (HWBB minute 2026/52)');
    expect(page.text).toContain('A revoked or ended delegation is not amended');
    const today = await agent
      .get(`/directory/delegations?delegate=${a.ids.offices.ceo}`)
      .expect(200);
    expect(today.text).toContain(`/directory/delegations/${grantedId}`);
    const later = await agent
      .get(`/directory/delegations?delegate=${a.ids.offices.ceo}&on-day=2&on-month=1&on-year=2027`)
      .expect(200);
    expect(later.text).toContain('In force on Saturday 2 January 2027');
    expect(later.text).not.toContain(`/directory/delegations/${grantedId}`);
    const all = await agent
      .get(`/directory/delegations?delegate=${a.ids.offices.ceo}&all=yes`)
      .expect(200);
    expect(all.text).toContain(`/directory/delegations/${grantedId}`);
  });

  it('lets officers read but not grant, amend or revoke', async () => {
    const { agent, csrf } = await as(a, 'officer');
    await agent.get(`/directory/delegations/${grantedId}`).expect(200);
    await agent.get('/directory/delegations/new').expect(403);
    const before = await delegations(a);
    await agent
      .post('/directory/delegations')
      .type('form')
      .send({ ...grantForm(a), _csrf: csrf })
      .expect(403);
    await agent
      .post(`/directory/delegations/${grantedId}/revoke`)
      .type('form')
      .send({ _csrf: csrf, version: '3', revokeReference: 'no' })
      .expect(403);
    expect(await delegations(a)).toBe(before);
  });

  it('answers spoiled forms on every bodies, seats, substitutes and delegations route with a page, never a 5xx, changing nothing', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const list = await agent.get(`/directory/bodies/${a.ids.bodies.hwbb}`).expect(200);
    const seat = /\/members\/([0-9a-f-]{36})"/.exec(list.text)![1];
    const seatPage = await agent.get(`/directory/bodies/${a.ids.bodies.hwbb}/members/${seat}`);
    const named = /substitutes\/([0-9a-f-]{36})\/end/.exec(seatPage.text)?.[1] ?? 'none';
    const hwbb = `/directory/bodies/${a.ids.bodies.hwbb}`;
    const routes = [
      '/directory/bodies',
      hwbb,
      `${hwbb}/members`,
      `${hwbb}/members/${seat}`,
      `${hwbb}/members/${seat}/end`,
      `${hwbb}/members/${seat}/substitutes`,
      `${hwbb}/members/${seat}/substitutes/${named}`,
      `${hwbb}/members/${seat}/substitutes/${named}/end`,
      '/directory/delegations',
      `/directory/delegations/${grantedId}`,
      `/directory/delegations/${grantedId}/revoke`,
    ];
    const spoiled: Record<string, unknown>[] = [
      {},
      { version: 'x', constituencyRows: '99999', minimumRows: '-3', quorumTotal: '1e9' },
      {
        version: '2147483648',
        personId: b.ids.people.chair,
        grantor: `office:${b.ids.offices.ceo}`,
        delegate: 'not-an-id',
        'validFrom-day': '99',
        'validFrom-month': 'Smarch',
        'validFrom-year': '20266',
        amountLimit: '£99999999999999999999',
        cabinetUnanimous: '999',
        scope: 'other',
        scopeOther: '!!!',
      },
      { name: ['a', 'b'], 'c-0-name': ['x'], role: ['chair', 'member'], conditions: ['jcb', 'x'] },
    ];
    const changes = async () =>
      Number(
        (
          await db.ds.query('SELECT count(*) AS n FROM directory_changes WHERE tenant_id = $1', [
            a.tenantId,
          ])
        )[0].n,
      );
    const before = await changes();
    for (const route of routes)
      for (const body of spoiled) {
        const res = await agent
          .post(route)
          .type('form')
          .send({ ...body, _csrf: csrf });
        expect([route, res.status < 500, res.type]).toEqual([route, true, 'text/html']);
        expect(res.text).not.toMatch(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/(p|a|li)>/,
        );
      }
    expect(await changes()).toBe(before);
  });

  it('shows another council’s administrator none of it', async () => {
    const { agent, csrf } = await as(b, 'administrator');
    const all = await agent.get('/directory/delegations?all=yes').expect(200);
    expect(all.text).not.toContain(grantedId);
    await agent.get(`/directory/delegations/${grantedId}`).expect(404);
    await agent
      .post(`/directory/delegations/${grantedId}/revoke`)
      .type('form')
      .send({ _csrf: csrf, version: '3', revokeReference: 'B minute' })
      .expect(404);
    const before = await delegations(b);
    const res = await agent
      .post('/directory/delegations')
      .type('form')
      .send({ ...grantForm(a), _csrf: csrf })
      .expect(422);
    expect(summary(res.text)[0][1]).toBe('#grantor');
    expect(await delegations(b)).toBe(before);
  });
});
