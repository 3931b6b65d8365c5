import {
  bodiesPagesHarness,
  cabinetForm,
  dateInput,
  errorSummary,
} from '../libs/testing/bodies-pages-harness.service';

/*
 * Issue #12: every form of the bodies, seats, substitutes and delegations pages posted without the
 * session's CSRF token is refused with 403 and changes nothing: the same page comes back with the
 * form as typed and "The form has expired" in its error summary, and a record of another council
 * is still not found. (These forms check the token through @StaffForm; this spec holds them to
 * what they did when they checked it by hand.) Invented people; today is Thursday 3 December 2026.
 */
describe('the directory forms posted without the session’s token', () => {
  const { db, a, b, as, addedCabinet } = bodiesPagesHarness(2);
  const EXPIRED: [string, string][] = [
    ['The form has expired. Reload the page and try again.', '#main-content'],
  ];
  let cabinetId: string;
  let seatId: string;
  let substituteId: string;
  let delegationId: string;

  /** How many changes the council's directory has recorded. */
  const changes = async () =>
    Number(
      (
        await db().ds.query('SELECT count(*) AS n FROM directory_changes WHERE tenant_id = $1', [
          a().tenantId,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    cabinetId = await addedCabinet(a());
    const { agent, csrf } = await as(a(), 'administrator');
    await agent
      .post(`/directory/bodies/${cabinetId}/members`)
      .type('form')
      .send({
        _csrf: csrf,
        personId: a().ids.people.chair,
        constituency: 'the-executive',
        role: 'chair',
        source: 'Council minute 2026/7',
        ...dateInput('validFrom', ['21', '5', '2026']),
      })
      .expect(303);
    const body = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    seatId = /\/members\/([0-9a-f-]{36})">Cllr Alex Rowe/.exec(body.text)![1];
    await agent
      .post(`/directory/bodies/${cabinetId}/members/${seatId}/substitutes`)
      .type('form')
      .send({
        _csrf: csrf,
        personId: a().ids.people.governanceLead,
        ...dateInput('subFrom', ['1', '6', '2026']),
        reference: 'Cabinet minute 2026/31',
      })
      .expect(303);
    const seat = await agent.get(`/directory/bodies/${cabinetId}/members/${seatId}`).expect(200);
    substituteId = /substitutes\/([0-9a-f-]{36})\/end/.exec(seat.text)![1];
    const granted = await agent
      .post('/directory/delegations')
      .type('form')
      .send({ _csrf: csrf, ...delegationForm(cabinetId, 'Cabinet minute 2026/41') })
      .expect(303);
    delegationId = /\/directory\/delegations\/([0-9a-f-]{36})/.exec(granted.headers.location)![1];
  });

  const delegationForm = (bodyId: string, reference: string) => ({
    grantor: `body:${bodyId}`,
    delegate: a().ids.offices.ceo,
    scope: 'other',
    scopeOther: 'Urgent grant decisions',
    amountLimit: '',
    cabinetUnanimous: '',
    ...dateInput('validFrom', ['1', '12', '2026']),
    ...dateInput('validUntil', ['', '', '']),
    reference,
    version: '1',
  });

  /** Each form: where it posts, what is typed, and how the page shows what was typed. */
  const forms = (): { path: string; typed: Record<string, string>; kept: RegExp }[] => {
    const seat = `/directory/bodies/${cabinetId}/members/${seatId}`;
    const sub = `sub-${substituteId}`;
    return [
      {
        path: `/directory/bodies/${cabinetId}`,
        typed: cabinetForm(a(), { name: 'Forged Cabinet', version: '1' }),
        kept: /value="Forged Cabinet"/,
      },
      {
        path: `/directory/bodies/${cabinetId}/members`,
        typed: {
          personId: a().ids.people.cabinet,
          role: 'member',
          source: 'Forged minute 1',
          ...dateInput('validFrom', ['1', '1', '2031']),
        },
        kept: /value="Forged minute 1"/,
      },
      {
        path: seat,
        typed: {
          version: '1',
          role: 'chair',
          source: 'Forged minute 2',
          ...dateInput('seatFrom', ['21', '5', '2026']),
        },
        kept: /value="Forged minute 2"/,
      },
      {
        path: `${seat}/end`,
        typed: { version: '1', ...dateInput('seatEnd', ['31', '3', '2031']) },
        kept: /name="seatEnd-year"[^>]*value="2031"/,
      },
      {
        path: `${seat}/substitutes`,
        typed: {
          personId: a().ids.people.cabinet,
          reference: 'Forged minute 3',
          ...dateInput('subFrom', ['1', '6', '2026']),
        },
        kept: /value="Forged minute 3"/,
      },
      {
        path: `${seat}/substitutes/${substituteId}`,
        typed: {
          version: '1',
          reference: 'Forged minute 4',
          ...dateInput(`${sub}-from`, ['1', '6', '2026']),
        },
        kept: /value="Forged minute 4"/,
      },
      {
        path: `${seat}/substitutes/${substituteId}/end`,
        typed: { version: '1', ...dateInput(`${sub}-end`, ['31', '1', '2031']) },
        kept: new RegExp(`name="${sub}-end-year"[^>]*value="2031"`),
      },
      {
        path: '/directory/delegations',
        typed: delegationForm(cabinetId, 'Forged minute 5'),
        kept: /value="Forged minute 5"/,
      },
      {
        path: `/directory/delegations/${delegationId}`,
        typed: delegationForm(cabinetId, 'Forged minute 6'),
        kept: /Forged minute 6/,
      },
      {
        path: `/directory/delegations/${delegationId}/revoke`,
        typed: {
          version: '1',
          revokeReference: 'Forged minute 7',
          ...dateInput('revokeOn', ['1', '1', '2031']),
        },
        kept: /value="Forged minute 7"/,
      },
    ];
  };

  it('shows each form again as typed, saying it has expired, and saves nothing', async () => {
    const { agent } = await as(a(), 'administrator');
    const before = await changes();
    for (const { path, typed, kept } of forms()) {
      const res = await agent
        .post(path)
        .type('form')
        .send({ ...typed, _csrf: 'forged' });
      expect([path, res.status]).toEqual([path, 403]);
      expect(errorSummary(res.text)).toEqual(EXPIRED);
      expect([path, kept.test(res.text)]).toEqual([path, true]);
    }
    expect(await changes()).toBe(before);
  });

  it('still shows another council’s records as not found', async () => {
    const { agent } = await as(b(), 'administrator');
    for (const { path, typed } of forms().filter((f) => f.path !== '/directory/delegations')) {
      const res = await agent
        .post(path)
        .type('form')
        .send({ ...typed, _csrf: 'forged' });
      expect([path, res.status]).toEqual([path, 404]);
    }
  });
});
