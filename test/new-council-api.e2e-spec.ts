import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import { OpenApiClient } from '../libs/testing/openapi-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * Issue #10's second journey: the same new council as the browser journey, set up through the API
 * alone by a client that knows the API only from its OpenAPI document (operations by operationId,
 * each answer checked against the document's response schema), then a BCF delegated sign-off run
 * to closed with the keys the administrator made. tenant:create's use case, with --api-key, is the
 * only step outside the API. Invented people at example.org; today is Thursday 3 December 2026.
 */
describe('a new council set up through the API alone, from its OpenAPI document', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const TODAY = '2026-12-03';
  const clock = new ManualClock(new Date(`${TODAY}T10:00:00Z`));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('creates organisations, people, offices, the HWBB with its rules and members and the chair’s delegation, then closes a BCF case', async () => {
    const created = await directoryUseCases(db.ds, clock).createTenant.create({
      slug: 'eastmoor',
      name: 'Eastmoor Borough Council',
      adminEmail: 'casey.dunn@example.org',
      adminName: 'Casey Dunn',
      adminApiKey: 'Directory set-up from our HR system',
    });
    expect(created.adminApiKey).toMatch(/^rat_/);
    const admin = await OpenApiClient.read(app.getHttpServer(), created.adminApiKey!);

    const [council] = (
      await admin.ok('OrganisationsController_list', { query: { kind: 'local_authority' } })
    ).items;
    expect(council.name).toBe('Eastmoor Borough Council');
    const icb = await admin.ok('OrganisationsController_create', {
      body: { name: 'NHS Eastmoor Integrated Care Board', kind: 'icb', activeFrom: '2022-07-01' },
    });

    const person = async (name: string, organisationId: string, more = {}) =>
      (
        await admin.ok('PeopleController_create', {
          body: {
            name,
            email: `${name
              .toLowerCase()
              .replace(/^(cllr|dr) /, '')
              .replace(/ /g, '.')}@example.org`,
            organisationId,
            isOfficer: false,
            ...more,
          },
        })
      ).id as string;
    const people = {
      officer: await person('Robin Vale', council.id, { isOfficer: true }),
      ceo: await person('Jordan Ellis', council.id),
      ao: await person('Dr Rowan Patel', icb.id),
      chair: await person('Cllr Sam Hughes', council.id, { isElectedMember: true }),
      health: await person('Dr Lee Carter', icb.id),
    };

    const office = async (title: string, organisationId: string, holder: string) => {
      const o = await admin.ok('OfficesController_create', { body: { title, organisationId } });
      await admin.ok('OfficesController_appoint', {
        params: { id: o.id },
        body: { personId: holder, from: '2026-06-01' },
      });
      return o.id as string;
    };
    const offices = {
      ceo: await office('Chief Executive, Eastmoor Borough Council', council.id, people.ceo),
      ao: await office('Accountable Officer, NHS Eastmoor ICB', icb.id, people.ao),
      chair: await office('Chair, Eastmoor Health and Wellbeing Board', council.id, people.chair),
    };
    const holders = await admin.ok('OfficesController_get', { params: { id: offices.ao } });
    expect(holders.holder).toMatchObject({ personId: people.ao, personName: 'Dr Rowan Patel' });

    const hwbb = await admin.ok('BodiesController_create', {
      body: {
        name: 'Eastmoor Health and Wellbeing Board',
        kind: 'hwbb',
        rules: {
          constituencies: [
            { key: 'council', name: 'Council', organisationId: council.id },
            { key: 'health', name: 'Health', organisationId: icb.id },
          ],
          quorum: {
            source: 'HWBB terms of reference 7.1',
            total: 2,
            minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
          },
          decision: { kind: 'consensus', source: 'HWBB terms of reference 8.2' },
          delegation: { allowed: true, source: 'HWBB terms of reference 9' },
        },
      },
    });
    for (const [personId, constituency, role] of [
      [people.chair, 'council', 'chair'],
      [people.health, 'health', 'member'],
    ])
      await admin.ok('BodiesController_seat', {
        params: { id: hwbb.id },
        body: { personId, constituency, role, validFrom: '2026-06-01', validUntil: '2027-05-31' },
      });
    const seated = await admin.ok('BodiesController_get', {
      params: { id: hwbb.id },
      query: { on: TODAY },
    });
    expect(seated.members.map((m: { personName: string; role: string }) => m.role)).toEqual([
      'chair',
      'member',
    ]);
    const delegation = await admin.ok('DelegationsController_grant', {
      body: {
        delegatorBodyId: hwbb.id,
        delegateOfficeId: offices.chair,
        scope: 'bcf-plan-approval',
        reference: 'HWBB minute 2026/06: BCF plan sign-off delegated to the Chair',
        validFrom: '2026-06-01',
      },
    });
    const inForce = await admin.ok('DelegationsController_list', { query: { inForceOn: TODAY } });
    expect(inForce.items.map((d: { id: string }) => d.id)).toEqual([delegation.id]);

    const keyOf = async (personId: string) =>
      (
        await admin.ok('ApiKeysController_create', {
          body: { personId, name: 'BCF sign-off by API' },
        })
      ).key as string;
    const as = {
      officer: admin.as(await keyOf(people.officer)),
      ceo: admin.as(await keyOf(people.ceo)),
      ao: admin.as(await keyOf(people.ao)),
      chair: admin.as(await keyOf(people.chair)),
    };

    const opened = await as.officer.ok('CasesController_open', {
      body: {
        template: 'bcf-delegated-sign-off',
        title: 'Eastmoor Better Care Fund plan 2027/28',
        dates: {
          submissionDeadline: '2027-01-15',
          notingDeadline: '2027-02-15',
          expectedAssuranceDate: '2027-02-01',
        },
        roles: {
          chiefExecutive: offices.ceo,
          accountableOfficer: offices.ao,
          delegatedApprover: delegation.id,
        },
      },
    });
    let version = opened.version as number;
    const send = async (who: OpenApiClient, type: string, payload: object = {}) => {
      const sent = await who.ok('CasesController_send', {
        params: { id: opened.id },
        body: { type, expectedVersion: version, payload },
      });
      version = sent.version;
      return sent;
    };
    await send(as.officer, 'SEEK_AGREEMENT');
    await send(as.ceo, 'AGREE');
    await send(as.ao, 'AGREE');
    await send(as.chair, 'APPROVE', { comments: 'Approved under the Board’s delegation.' });
    await send(as.officer, 'RECORD_SUBMISSION', { submittedOn: TODAY });
    await send(as.officer, 'RECORD_NOTING', {
      meetingDate: TODAY,
      minuteReference: 'HWBB, item 6',
    });
    const closed = await send(as.officer, 'RECORD_ASSURANCE', {
      outcome: 'approved',
      receivedOn: TODAY,
    });
    expect(closed.state).toMatchObject({ key: 'closed' });
    const chain = await as.officer.ok('CasesController_verify', { params: { id: opened.id } });
    expect(chain).toMatchObject({ ok: true });

    // Every step above is on the council's record of directory changes, and the record verifies.
    const changes = await admin.ok('DirectoryChangesController_list', { query: { limit: '200' } });
    const made = changes.items.map((c: { subject: string; action: string }) => c.subject);
    expect(made.filter((s: string) => s === 'person')).toHaveLength(6);
    expect(made).toEqual(expect.arrayContaining(['office', 'body', 'delegation', 'apiKey']));
    expect(await admin.ok('DirectoryChangesController_verify')).toMatchObject({
      ok: true,
      changes: changes.items.length,
    });
    const refused = await admin.call('DirectoryChangesController_list', {
      query: { from: '2026-12-31', to: '2026-12-01' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([
      { path: 'to', message: 'the last day (2026-12-01) is before the first (2026-12-31)' },
    ]);
  });
});
