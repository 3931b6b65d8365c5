import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { bcfApiHarness } from '../libs/testing/bcf-api-harness.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/*
 * The case list through the HTTP API: BCF plans found by state, by the person awaited and by
 * overdue deadlines (a deadline falls due when its day ends in London), paged, and never another
 * council's. The council, the app and the officer's calls are in
 * libs/testing/bcf-api-harness.service.ts.
 */

describe('a BCF plan through the HTTP API', () => {
  const { db, app, clock, auth, person, openCase, send, read, list } = bcfApiHarness();

  it('lists cases by state, by the person awaited and by overdue deadlines, within the tenant', async () => {
    // A: the seed's dates, taken to submission. B: later dates, sent for agreement.
    const a = (await openCase({ title: 'BCF plan A' })).id;
    const b = (
      await openCase({
        title: 'BCF plan B',
        dates: {
          submissionDeadline: '2021-12-20',
          notingDeadline: '2022-01-14',
          expectedAssuranceDate: '2022-02-01',
        },
      })
    ).id;
    // Another tenant's case in the same state as A must never show.
    const elsewhere = await buildBcfWorld(db().ds);
    await openCase({ title: 'Another council’s plan' }, elsewhere);

    await send(a, 'officer', 'SEEK_AGREEMENT', 1);
    await send(a, 'ceo', 'AGREE', 2);
    await send(a, 'ao', 'AGREE', 3);
    await send(a, 'chair', 'APPROVE', 4);
    await send(a, 'officer', 'RECORD_SUBMISSION', 5, { submittedOn: '2021-10-01' });
    await send(b, 'officer', 'SEEK_AGREEMENT', 1);

    expect(await list('')).toEqual([a, b].sort());
    expect(await list('state=postSubmission')).toEqual([a]);
    expect(await list('state=postSubmission.noting.awaiting')).toEqual([a]);
    expect(await list('state=preSubmission')).toEqual([b]);
    expect(await list('state=preSubmission.agreement')).toEqual([b]);
    expect(await list('state=closed')).toEqual([]);

    expect(await list(`awaiting=${person('ceo')}`)).toEqual([b]);
    expect(await list(`awaiting=${person('ao')}`)).toEqual([b]);
    expect(await list(`awaiting=${person('officer')}`)).toEqual([a]);
    expect(await list(`awaiting=${person('chair')}`)).toEqual([]);

    expect(await list('overdue=true')).toEqual([]);
    expect(await list('overdue=false')).toEqual([a, b].sort());

    // A's noting deadline (16 Dec) passes when 16 Dec ends in London; B's deadlines are later.
    clock().set('2021-12-17T00:00:00Z');
    const swept = await app().get(DeadlineSweepService).sweep();
    expect(swept.fired).toBeGreaterThanOrEqual(1);
    const overdueA = await read(a);
    expect(overdueA.overdue).toEqual(['noting']);
    expect(overdueA.openDeadlines.map((d) => d.key)).toEqual(['assurance']);
    expect((await read(b)).overdue).toEqual([]);

    expect(await list('overdue=true')).toEqual([a]);
    expect(await list('overdue=false')).toEqual([b]);
    expect(await list(`overdue=true&state=postSubmission&awaiting=${person('officer')}`)).toEqual([
      a,
    ]);
    expect(await list(`overdue=true&state=preSubmission`)).toEqual([]);

    // Paging keeps to the filter.
    const firstPage = await request(app().getHttpServer())
      .get('/api/cases?limit=1&offset=0')
      .set(auth('officer'))
      .expect(200);
    const secondPage = await request(app().getHttpServer())
      .get('/api/cases?limit=1&offset=1')
      .set(auth('officer'))
      .expect(200);
    const pages = [firstPage.body, secondPage.body] as { items: CaseView[]; limit: number }[];
    expect(pages.map((p) => p.items.length)).toEqual([1, 1]);
    expect(pages.map((p) => p.items[0].id).sort()).toEqual([a, b].sort());
  });
});
