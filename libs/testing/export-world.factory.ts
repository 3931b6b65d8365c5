import type { INestApplication } from '@nestjs/common';
import { withViceChairDelegation } from './absence-world.factory';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ManualClock } from '../core/clock.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from './world.factory';

export interface ExportWorld {
  world: BcfWorld;
  /** Another council, with a case of its own: none of it may appear in the first's exports. */
  other: BcfWorld;
  otherCaseId: string;
  caseId: string;
  documentIds: string[];
  meetingId: string;
}

/** A document's content as the tests upload it (plain text, sniffed as such). */
export const PLAN_TEXT = 'Better Care Fund plan 2021/22: pooled budget, discharge fund, metrics.\n';

/**
 * Two councils for export tests, through the API as officers and members use it: in the first, a
 * BCF delegated sign-off walked to closed (agreed, approved by the HWBB chair, submitted, noted at
 * the HWBB meeting of 9 Dec 2021, assured), a plan in two versions and an appendix, and that
 * meeting's attendance and the chair's declaration, and the chair's absence of 10 to 14 January 2022
 * with the Vice-Chair (Cllr Chris Lane) as deputy; in the second, a case of its own.
 */
export async function buildExportWorld(
  app: INestApplication,
  ds: DataSource,
  clock: ManualClock,
): Promise<ExportWorld> {
  const server = app.getHttpServer();
  clock.set('2021-10-01T09:00:00Z');
  const world = await buildBcfWorld(ds, { tweak: withViceChairDelegation });
  const other = await buildBcfWorld(ds);
  const as = (w: BcfWorld, who: string) => ({ Authorization: `Bearer ${w.keys[who]}` });
  const open = async (w: BcfWorld) =>
    (
      (
        await request(server)
          .post('/api/cases')
          .set(as(w, 'officer'))
          .send(openBcfCaseBody(w))
          .expect(201)
      ).body as { id: string }
    ).id;
  const caseId = await open(world);
  const otherCaseId = await open(other);
  const version = async () =>
    (
      (await request(server).get(`/api/cases/${caseId}`).set(as(world, 'officer')).expect(200))
        .body as {
        version: number;
      }
    ).version;
  const send = async (who: string, type: string, payload: Record<string, unknown> = {}) =>
    request(server)
      .post(`/api/cases/${caseId}/events`)
      .set(as(world, who))
      .send({ type, expectedVersion: await version(), payload })
      .expect(200);
  const attach = async (name: string, text: string, replaces?: string) =>
    (
      (
        await request(server)
          .post(`/api/cases/${caseId}/documents`)
          .set(as(world, 'officer'))
          .send({
            expectedVersion: await version(),
            name,
            mediaType: 'text/plain',
            contentBase64: Buffer.from(text).toString('base64'),
            ...(replaces ? { replaces } : {}),
          })
          .expect(201)
      ).body as { id: string }
    ).id;

  const draft = await attach('BCF plan 2021-22', PLAN_TEXT);
  const final = await attach('BCF plan 2021-22', `${PLAN_TEXT}Final version.\n`, draft);
  const appendix = await attach('Metrics appendix', 'Metric,Target\nDischarges,95\n');
  await send('officer', 'SEEK_AGREEMENT');
  await send('ceo', 'AGREE', { comments: 'Agreed for the council.' });
  await send('ao', 'AGREE');
  await send('chair', 'APPROVE', { comments: 'Approved under delegation.' });
  clock.set('2021-11-01T12:00:00Z');
  await send('officer', 'RECORD_SUBMISSION', { submittedOn: '2021-11-01', reference: 'BCF-21-22' });

  clock.set('2021-11-20T09:00:00Z');
  const officer = as(world, 'officer');
  const meeting = await request(server)
    .post('/api/meetings')
    .set(officer)
    .send({
      body: world.ids.bodies.hwbb,
      meetingDate: '2021-12-09',
      title: 'HWBB, 9 December 2021',
    })
    .expect(201);
  const meetingId = (meeting.body as { id: string }).id;
  const added = await request(server)
    .post(`/api/meetings/${meetingId}/agenda-items`)
    .set(officer)
    .send({ title: 'Better Care Fund plan: the delegated approval noted', keyDecision: false })
    .expect(201);
  const agenda = (added.body as { agenda: { id: string }[] }).agenda;
  clock.set('2021-12-09T18:00:00Z');
  await request(server)
    .put(`/api/meetings/${meetingId}/attendance`)
    .set(officer)
    .send(
      (['chair', 'gp', 'healthwatch', 'cabinet'] as const).map((k) => ({
        personId: world.ids.people[k],
        status: 'present',
      })),
    )
    .expect(200);
  await request(server)
    .post(`/api/meetings/${meetingId}/agenda-items/${agenda[0].id}/declarations`)
    .set(officer)
    .send({
      personId: world.ids.people.chair,
      kind: 'other',
      details: 'Trustee of a carers’ charity funded by the BCF',
    })
    .expect(201);
  await send('officer', 'RECORD_NOTING', {
    meetingDate: '2021-12-09',
    minuteReference: 'HWBB 9 Dec 2021, item 6',
  });
  clock.set('2022-01-09T12:00:00Z');
  await send('officer', 'RECORD_ASSURANCE', { outcome: 'approved', receivedOn: '2022-01-09' });
  // The Chair away the week after, the Vice-Chair covering (ADR 0033).
  await request(server)
    .post('/api/directory/absences')
    .set(as(world, 'chair'))
    .send({
      deputyPersonId: world.ids.people.cabinet,
      firstDay: '2022-01-10',
      lastDay: '2022-01-14',
      note: 'Annual leave',
    })
    .expect(201);
  return { world, other, otherCaseId, caseId, documentIds: [draft, final, appendix], meetingId };
}
