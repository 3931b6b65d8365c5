import { OfficeRepository } from '../libs/directory/office.repository';
import { MembershipRepository } from '../libs/directory/membership.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import { OfficeHandOver } from '../libs/directory/office-hand-over.service';
import { ScheduledHandOverUseCase } from '../libs/directory/use-cases/scheduled-hand-over.use-case';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A new Chief Executive appointed ahead, from next Friday: nothing moves on the day of the
 * appointment; on Friday the worker's scheduled hand-over gives them the open request, once, and
 * the case's record names the appointment.
 */
describe('an office holder appointed ahead takes over on their first day', () => {
  // Monday 1 November 2021, 10:00 in London.
  const h = directoryAppHarness();
  const { clock, server, as, caseAwaitingAgreement } = h;
  const db = () => h.db();
  let scheduled: ScheduledHandOverUseCase;

  beforeAll(() => {
    scheduled = new ScheduledHandOverUseCase(
      db().ds,
      clock,
      new OfficeRepository(),
      new DirectoryChangeRepository(),
      new BodyRepository(),
      new MembershipRepository(),
      h.app().get(OfficeHandOver),
    );
  });

  const openLinks = (caseId: string) =>
    db().ds.query<{ personId: string; role: string }[]>(
      `SELECT person_id AS "personId", role FROM action_links
        WHERE case_id = $1 AND status = 'open' AND role = 'chiefExecutive'`,
      [caseId],
    );

  it('hands the request to the new holder on their first day, once', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceo = w.ids.offices.ceo;
    const office = await server()
      .get(`/api/directory/offices/${ceo}`)
      .set(as(w.adminKey))
      .expect(200);
    await server()
      .patch(`/api/directory/offices/${ceo}/holders/${office.body.holder.id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, until: '2021-11-04' })
      .expect(200);
    const appointed = await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-05' })
      .expect(201);
    expect(appointed.body.handedOver).toEqual([]);

    // Before the day nothing moves: the Chief Executive today is still Morgan Hale.
    await expect(scheduled.run()).resolves.toMatchObject({ handedOver: [] });
    expect(await openLinks(caseId)).toEqual([
      { personId: w.ids.people.ceo, role: 'chiefExecutive' },
    ]);

    // Friday 5 November: the worker's run hands the request over.
    clock.set(new Date('2021-11-05T07:00:00Z'));
    const friday = await scheduled.run();
    expect(friday.handedOver).toEqual([
      expect.objectContaining({
        caseId,
        roles: ['chiefExecutive'],
        requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
      }),
    ]);
    expect(await openLinks(caseId)).toEqual([
      { personId: w.ids.people.gp, role: 'chiefExecutive' },
    ]);
    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(JSON.stringify(read.body)).toContain('Dr Sam Okafor');

    // Once: the next hour's run (and the next day's) hands nothing over again.
    clock.set(new Date('2021-11-05T08:00:00Z'));
    await expect(scheduled.run()).resolves.toMatchObject({ handedOver: [] });
    clock.set(new Date('2021-11-06T08:00:00Z'));
    await expect(scheduled.run()).resolves.toMatchObject({ handedOver: [] });

    const audit = await server()
      .get(`/api/cases/${caseId}/audit`)
      .set(as(w.keys.officer))
      .expect(200);
    const records = audit.body.records as { event: Record<string, unknown>; actor: unknown }[];
    expect(records.map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'ROLE_HOLDER_CHANGED',
    ]);
    const [appointment] = await db().ds.query<{ seq: number }[]>(
      `SELECT seq FROM directory_changes WHERE tenant_id = $1 AND subject = 'officeHolder' AND action = 'appointed'`,
      [w.tenantId],
    );
    expect(records[2].event).toMatchObject({
      on: '2021-11-05',
      from: { name: 'Morgan Hale' },
      to: { name: 'Dr Sam Okafor' },
      directoryChange: appointment.seq,
    });
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true, records: 3 }));
  });
});
