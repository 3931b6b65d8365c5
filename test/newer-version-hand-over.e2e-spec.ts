import { Logger } from '@nestjs/common';
import { BodyRepository } from '../libs/directory/body.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { MembershipRepository } from '../libs/directory/membership.repository';
import { OfficeHandOver } from '../libs/directory/office-hand-over.service';
import { OfficeRepository } from '../libs/directory/office.repository';
import { ScheduledHandOverUseCase } from '../libs/directory/use-cases/scheduled-hand-over.use-case';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A rolling upgrade (docs/operations.md): an office changes holder while one of the cases waiting
 * on it runs on a template version this build lacks. The hand-over is the change's (one
 * transaction): a process of this build cannot hand that case's requests over, so it refuses the
 * change whole (503, Retry-After) rather than keep it and leave that case's request with the old
 * holder for good; the worker's scheduled hand-over leaves the office, says so in words, and hands
 * it over whole on a later run by a build that has the version.
 */
describe('an office changing holder while a case on a version this build lacks waits on it', () => {
  const h = directoryAppHarness();
  const { clock, server, as, caseAwaitingAgreement } = h;
  const db = () => h.db();

  beforeEach(() => clock.set(new Date('2021-11-01T10:00:00Z')));

  /** The Chief Executive's holding ended on 31 October: the office has no holder from 1 November. */
  async function ceoWithoutHolder(w: DirectoryWorld) {
    const ceo = w.ids.offices.ceo;
    const office = await server()
      .get(`/api/directory/offices/${ceo}`)
      .set(as(w.adminKey))
      .expect(200);
    await server()
      .patch(`/api/directory/offices/${ceo}/holders/${office.body.holder.id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, until: '2021-10-31' })
      .expect(200);
    return ceo;
  }

  const setVersion = (caseId: string, v: number) =>
    db().ds.query(`UPDATE cases SET template_version = $2 WHERE id = $1`, [caseId, v]);
  const openLinks = async (caseId: string) =>
    (
      (await db().ds.query(
        `SELECT person_id FROM action_links WHERE case_id = $1 AND status = 'open' ORDER BY person_id`,
        [caseId],
      )) as { person_id: string }[]
    ).map((l) => l.person_id);

  it('refuses an appointment at once 503 with Retry-After, changing nothing; a newer build then hands it over', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceo = await ceoWithoutHolder(w);
    const links = await openLinks(caseId);
    await setVersion(caseId, 99);

    const refused = await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-01' });
    expect({ status: refused.status, retryAfter: refused.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '60',
    });
    expect(refused.body).toMatchObject({ code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD', caseId });
    const office = await server().get(`/api/directory/offices/${ceo}`).set(as(w.adminKey));
    expect(office.body.holder).toBeNull();
    expect(await openLinks(caseId)).toEqual(links);

    // The same request to a process that has the version.
    await setVersion(caseId, 2);
    const appointed = await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-01' })
      .expect(201);
    expect(appointed.body.handedOver).toEqual([expect.objectContaining({ caseId })]);
  });

  it('leaves a scheduled hand-over to a newer build’s worker, saying so, and hands it over whole later', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceo = await ceoWithoutHolder(w);
    await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-05' })
      .expect(201);
    const links = await openLinks(caseId);
    await setVersion(caseId, 99);
    clock.set(new Date('2021-11-05T07:00:00Z'));
    const job = () =>
      new ScheduledHandOverUseCase(
        db().ds,
        clock,
        new OfficeRepository(),
        new DirectoryChangeRepository(),
        new BodyRepository(),
        new MembershipRepository(),
        h.app().get(OfficeHandOver),
      ).run();

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const first = await job();
      expect(first.handedOver).toEqual([]);
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `hand-over to the new holder of office ${ceo} .* waits for workers of a newer build: its case ${caseId} runs on bcf-delegated-sign-off version 99`,
          ),
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect(await openLinks(caseId)).toEqual(links);

    await setVersion(caseId, 2);
    clock.set(new Date('2021-11-06T07:00:00Z'));
    const later = await job();
    expect(later.handedOver).toEqual([expect.objectContaining({ caseId })]);
    expect(await openLinks(caseId)).toContain(w.ids.people.gp);
  });
});
