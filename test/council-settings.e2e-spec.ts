import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/** A council's own settings for the rules, stored, changed by an administrator, used by meetings. */
describe('council settings', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const api = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  let clock: ReturnType<typeof engineHarness>['clock'];

  beforeAll(async () => {
    db = await openTestDatabase();
    const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    clock = h.clock;
    app = await buildTestApp(db.ds, h.clock);
    world = await buildBcfWorld(db.ds);
    // Dr Okafor administers Ratify for the council as well as sitting on the Board.
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password: 'admin-pass-1',
      at: h.clock.now(),
    });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('gives the defaults until a council sets its own, lets only an administrator change them, and refuses a closure day listed twice', async () => {
    const defaults = await api().get('/api/settings').set(as(world.keys.officer)).expect(200);
    expect(defaults.body).toEqual({
      calendar: { extraClosures: [], weekendsCountAsClearDays: false },
      interests: { dpiMemberMustLeaveRoom: false },
      callIn: { periodWorkingDays: 5 },
    });
    const refused = await api()
      .put('/api/settings')
      .set(as(world.keys.officer))
      .send({ interests: { dpiMemberMustLeaveRoom: true } })
      .expect(403);
    expect(refused.body.code).toBe('NOT_AUTHORISED');
    const invalid = await api()
      .put('/api/settings')
      .set(as(world.keys.gp))
      .send({ callIn: { periodWorkingDays: 99 } })
      .expect(422);
    expect(invalid.body.problems[0].path).toBe('callIn.periodWorkingDays');
    const twice = await api()
      .put('/api/settings')
      .set(as(world.keys.gp))
      .send({
        calendar: {
          extraClosures: [
            { date: '2025-12-29', reason: 'Closed' },
            { date: '2025-12-29', reason: 'Closed again' },
          ],
        },
      })
      .expect(422);
    expect(twice.body.problems).toEqual([
      {
        path: 'calendar.extraClosures.1.date',
        message: 'Mon 29 Dec 2025 is already a closure day: remove it first to change its reason',
      },
    ]);
    expect((await api().get('/api/settings').set(as(world.keys.officer)).expect(200)).body).toEqual(
      defaults.body,
    );
  });

  it('counts the council’s extra closure days out of clear days, and sends a barred member out of the room when it says so', async () => {
    const scheduled = await api()
      .post('/api/meetings')
      .set(as(world.keys.officer))
      .send({
        body: world.ids.bodies.hwbb,
        meetingDate: '2025-09-04',
        title: 'HWBB, 4 September 2025',
      })
      .expect(201);
    const meetingId = scheduled.body.id as string;
    // The meeting's evening, scheduled weeks before: its agenda published, the Board met.
    clock.set('2025-09-04T18:00:00Z');
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(as(world.keys.officer))
      .send({ title: 'Carers strategy', keyDecision: false })
      .expect(201);
    const itemId = added.body.agenda[0].id as string;
    const published = await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(as(world.keys.officer))
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    const report = (body: {
      agenda: {
        id: string;
        notices: { verdicts: { rule: string; code: string; explanation: string[] }[] };
      }[];
    }) =>
      body.agenda
        .find((i) => i.id === itemId)!
        .notices.verdicts.find((v) => v.rule === 'reportPublication')!;
    expect(report(published.body).code).toBe('REPORT_ON_TIME');

    await api()
      .put('/api/settings')
      .set(as(world.keys.gp))
      .send({
        calendar: {
          extraClosures: [
            { date: '2025-08-26', reason: 'Civic centre closed for works' },
            { date: '2025-08-27', reason: 'Civic centre closed for works' },
            { date: '2025-08-28', reason: 'Civic centre closed for works' },
          ],
        },
        interests: { dpiMemberMustLeaveRoom: true },
      })
      .expect(200);
    const after = await api()
      .get(`/api/meetings/${meetingId}`)
      .set(as(world.keys.officer))
      .expect(200);
    expect(report(after.body).code).toBe('REPORT_LATE');
    expect(report(after.body).explanation.join(' ')).toContain('Civic centre closed for works');

    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(as(world.keys.officer))
      .send(
        ['chair', 'gp', 'healthwatch', 'cabinet'].map((k) => ({
          personId: world.ids.people[k],
          status: 'present',
        })),
      )
      .expect(200);
    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(as(world.keys.officer))
      .send({
        personId: world.ids.people.cabinet,
        kind: 'disclosablePecuniary',
        details: 'Trustee of a carers charity bidding for the service',
      })
      .expect(201);
    const item = declared.body.agenda.find((i: { id: string }) => i.id === itemId);
    expect(item.declarations[0]).toMatchObject({ mayVote: false, mustLeaveRoom: true });
  });
});
