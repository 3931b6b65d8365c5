import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';

/*
 * Offices and their holders through the API: who held an office on a day, a new Chief Executive
 * mid-case acting through the office at once, two holders on one day refused, councils apart.
 */
describe('the directory API: offices and their holders', () => {
  const h = directoryAppHarness();
  const { server, as, caseAwaitingAgreement } = h;
  const db = () => h.db();

  it('adds an office, appoints its holder and lists offices with their holder on a day', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const dph = await server()
      .post('/api/directory/offices')
      .set(as(w.adminKey))
      .send({ title: 'Director of Public Health', organisationId: w.ids.organisations.council })
      .expect(201);
    expect(dph.body).toMatchObject({ holder: null, holders: [], version: 1 });
    const holding = await server()
      .post(`/api/directory/offices/${dph.body.id}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-15' })
      .expect(201);
    const { handedOver, ...held } = holding.body;
    expect(held).toMatchObject({
      personName: 'Dr Sam Okafor',
      from: '2021-11-15',
      until: null,
      kind: 'substantive',
    });
    expect(handedOver).toEqual([]);
    const vacantToday = await server()
      .get('/api/directory/offices?held=false&q=public%20health')
      .set(as(w.keys.officer))
      .expect(200);
    expect(vacantToday.body.items).toEqual([
      expect.objectContaining({ id: dph.body.id, holder: null, on: '2021-11-01' }),
    ]);
    const later = await server()
      .get('/api/directory/offices?on=2021-12-01&q=public%20health')
      .set(as(w.keys.officer))
      .expect(200);
    expect(later.body.items[0].holder).toEqual(held);
    const history = await server()
      .get(`/api/directory/offices/${dph.body.id}/holders`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(history.body).toEqual({ items: [held] });
  });

  it('lets a new Chief Executive act on an open case at once, and no longer the one who left office', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceo = w.ids.offices.ceo;
    const office = await server()
      .get(`/api/directory/offices/${ceo}`)
      .set(as(w.adminKey))
      .expect(200);
    const morgan = office.body.holder;
    await server()
      .patch(`/api/directory/offices/${ceo}/holders/${morgan.id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: morgan.version, until: '2021-10-31' })
      .expect(200);
    // The appointment hands the open request over too (version 3): see office-hand-over.e2e-spec.ts.
    await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-01' })
      .expect(201);

    const refused = await server()
      .post(`/api/cases/${caseId}/events`)
      .set(as(w.keys.ceo))
      .send({ type: 'AGREE', expectedVersion: 3 })
      .expect(403);
    expect(refused.body.code).toBe('NOT_AUTHORISED');
    const agreed = await server()
      .post(`/api/cases/${caseId}/events`)
      .set(as(w.keys.gp))
      .send({ type: 'AGREE', as: 'chiefExecutive', expectedVersion: 3 })
      .expect(200);
    expect(agreed.body.version).toBe(4);
    const audit = await server()
      .get(`/api/cases/${caseId}/audit`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(audit.body.records[3]).toMatchObject({
      actor: { name: 'Dr Sam Okafor' },
      authority: { kind: 'office', officeTitle: 'Chief Executive, Southampton City Council' },
    });
  });

  it('refuses a second substantive holder on one day as OFFICE_HELD_TWICE, naming the days', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const res = await server()
      .post(`/api/directory/offices/${w.ids.offices.chair}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.cabinet, from: '2021-11-04', kind: 'substantive' })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'OFFICE_HELD_TWICE',
      ruleName: 'An office has one holder of each kind on any day',
      // The refusal in the one shape the pages give it: the rule by its name, then what to do.
      detail: expect.stringMatching(
        /^The rule “An office has one holder of each kind on any day” refuses this: .+\. Nothing was recorded: .+\.$/,
      ),
      explanation: expect.arrayContaining([
        'both would hold it from Thu 4 Nov 2021 onwards: an office has one substantive holder on any day',
      ]),
    });
    const history = await server()
      .get(`/api/directory/offices/${w.ids.offices.chair}/holders`)
      .set(as(w.adminKey))
      .expect(200);
    expect(history.body.items).toHaveLength(1);
  });

  it.each([
    ['a first day that is no date', { personId: 'P', from: '2021-02-30' }, ['from']],
    ['no person', { from: '2021-11-04' }, ['personId']],
    ['a kind that is neither', { personId: 'P', from: '2021-11-04', kind: 'interim' }, ['kind']],
  ])('refuses an appointment with %s as 422 naming the field', async (_w, body, paths) => {
    const w = await buildDirectoryWorld(db().ds);
    const sent = { ...body, ...('personId' in body ? { personId: w.ids.people.gp } : {}) };
    const res = await server()
      .post(`/api/directory/offices/${w.ids.offices.deputyAo}/holders`)
      .set(as(w.adminKey))
      .send(sent)
      .expect(422);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(paths);
  });

  it('keeps each council’s offices from another council’s administrator', async () => {
    const a = await buildDirectoryWorld(db().ds);
    const b = await buildDirectoryWorld(db().ds);
    const ceo = a.ids.offices.ceo;
    const [holding] = await db().ds.query('SELECT id FROM office_holders WHERE office_id = $1', [
      ceo,
    ]);
    for (const [method, path, body] of [
      ['get', `/api/directory/offices/${ceo}`, undefined],
      ['get', `/api/directory/offices/${ceo}/holders`, undefined],
      ['patch', `/api/directory/offices/${ceo}`, { expectedVersion: 1, title: 'Taken' }],
      [
        'post',
        `/api/directory/offices/${ceo}/holders`,
        { personId: b.ids.people.ceo, from: '2021-11-01', kind: 'acting' },
      ],
      [
        'patch',
        `/api/directory/offices/${ceo}/holders/${holding.id}`,
        { expectedVersion: 1, until: '2021-11-01' },
      ],
    ] as const) {
      const res = await server()[method](path).set(as(b.adminKey)).send(body).expect(404);
      expect(res.body.code).toBe('DIRECTORY_RECORD_NOT_FOUND');
    }
    const listed = await server().get('/api/directory/offices').set(as(b.adminKey)).expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(ceo);
    // Tenant A's office cannot be held by tenant B's person either.
    const foreign = await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(a.adminKey))
      .send({ personId: b.ids.people.ceo, from: '2021-11-01', kind: 'acting' })
      .expect(422);
    expect(foreign.body.problems).toEqual([
      { path: 'personId', message: 'choose a person of your council’s directory' },
    ]);
  });
});
