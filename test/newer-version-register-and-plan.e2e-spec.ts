import request from 'supertest';
import { newerVersionDecisionsHarness } from '../libs/testing/newer-version-decisions-harness.service';
import {
  openDescribedDecision,
  publishDescribedDecision,
} from '../libs/testing/officer-decision-world.factory';
import { pageText } from '../libs/testing/staff-page-client.service';

/*
 * A rolling upgrade, or a downgrade (docs/operations.md): an officer's decision runs on a template
 * version this build does not have. A published decision is public record: its register page
 * answers that the service is being updated (503, Retry-After), never that it does not exist. The
 * draft forward plan lists such a key decision in its place with what is known, and publishing
 * an edition waits for the update rather than publish one without it.
 */
describe('the register and the forward plan while a case is on a template version this build lacks', () => {
  const { ready, keyCase, toVersion99, referenceOf, editions } = newerVersionDecisionsHarness();
  const server = () => request(ready().app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${ready().world.keyOf(who)}` });
  const sexualHealth = 'Recommission the integrated sexual health service from April 2026';
  type Listed = { caseId: string; notInThisBuild?: true } & Record<string, unknown>;

  it('lists such a key decision in the draft in its place with what is known, and publishes no edition without it', async () => {
    const { h } = ready();
    h.clock.set('2025-08-01T09:00:00Z');
    const sooner = await keyCase(
      'Sexual health service recommissioning',
      '2025-09-15',
      sexualHealth,
    );
    const listed = await keyCase('Library service restructure', '2025-09-01', sexualHealth);
    await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    const unlisted = await keyCase('Parks maintenance contract', '2025-10-01', sexualHealth);
    await toVersion99(listed.id, unlisted.id);
    h.clock.set('2025-08-04T09:00:00Z');

    const draft = await server().get('/api/forward-plan/draft').set(as('officer')).expect(200);
    const drafted = (draft.body as { keyDecisions: Listed[] }).keyDecisions;
    // In its place by the day the last edition gave it; one no edition listed last, its
    // particulars and decision maker absent (not made up).
    expect(drafted.map((d) => d.caseId)).toEqual([listed.id, sooner.id, unlisted.id]);
    expect(drafted[0]).toMatchObject({
      notInThisBuild: true,
      reference: await referenceOf(listed.id),
      title: 'Library service restructure',
      particulars: { expected: { on: '2025-09-01' } },
      decisionMaker: { name: 'Dr Rhea Stone' },
      firstPublishedOn: '2025-08-01',
    });
    expect(drafted[1]).not.toHaveProperty('notInThisBuild');
    expect(drafted[2]).toEqual({
      notInThisBuild: true,
      caseId: unlisted.id,
      reference: await referenceOf(unlisted.id),
      title: 'Parks maintenance contract',
      firstPublishedOn: null,
    });

    const before = await editions();
    const refused = await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-08-04' });
    expect({ status: refused.status, retryAfter: refused.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '60',
    });
    expect((refused.body as { code: string }).code).toBe('TEMPLATE_VERSION_NOT_IN_THIS_BUILD');
    expect(await editions()).toBe(before);
  });

  // After the plan's: its decision, open on version 99, would be in the draft.
  it('answers a published decision’s register page 503 “the service is being updated”, not 404', async () => {
    const { h, world, db, slug } = ready();
    h.clock.set('2025-08-01T09:00:00Z');
    const caseId = await openDescribedDecision(h, world, {
      title: 'Library opening hours',
      matter: 'Opening hours of the central library',
      decisionDue: '2025-08-01',
    });
    await publishDescribedDecision(db.ds, h, world, caseId, '2025-08-01');
    const reference = await referenceOf(caseId);
    await server().get(`/register/${slug}/${reference}`).expect(200);
    await toVersion99(caseId);
    for (const path of [`/register/${slug}/${reference}`, `/register/${slug}/${caseId}`]) {
      const res = await server().get(path).set('Accept', 'text/html');
      expect({ path, status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
        path,
        status: 503,
        retryAfter: '60',
      });
      const text = pageText(res.text);
      expect(text).toContain('Sorry, the service is being updated');
      expect(text).not.toMatch(/version 99|officer-delegated-decision|TEMPLATE_VERSION/);
    }
    // A case of no decision is still not found.
    await server()
      .get(`/register/${slug}/${reference.replace(/\d+$/, '9999')}`)
      .set('Accept', 'text/html')
      .expect(404);
  });
  it('lists a decision published on such a version in its place in the register’s page, JSON and CSV, with what is kept of it', async () => {
    const { h, world, db, slug } = ready();
    h.clock.set('2025-08-01T09:00:00Z');
    const open = (title: string, on: string) =>
      openDescribedDecision(h, world, { title, matter: `${title} from 2026`, decisionDue: on });
    const older = await open('Museum admission charges', '2025-08-18');
    const newer = await open('Allotment rents', '2025-08-19');
    const newest = await open('Street lighting upgrade', '2025-08-20');
    h.clock.set('2025-08-20T09:00:00Z');
    await publishDescribedDecision(db.ds, h, world, older, '2025-08-18');
    await publishDescribedDecision(db.ds, h, world, newer, '2025-08-19');
    await publishDescribedDecision(db.ds, h, world, newest, '2025-08-20');
    await toVersion99(newer);
    const reference = await referenceOf(newer);
    const [kept]: { head: string; records: number }[] = await db.ds.query(
      'SELECT audit_head AS head, version AS records FROM cases WHERE id = $1',
      [newer],
    );
    const sentence =
      'Its details cannot be shown until an update to the service has finished. Try again in a few minutes.';

    // The page: in its place between the two others, unlinked, nothing its notice alone says.
    const page = await server()
      .get(`/register/${slug}?from-day=18&from-month=8&from-year=2025`)
      .set('Accept', 'text/html');
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('3 decisions');
    expect(text).toContain(
      'The register is being updated. Until the update has finished, 1 decision below shows only its reference, whose decision it is, when it was published and whether it is a key decision.',
    );
    const listed = text.slice(text.indexOf('Street lighting upgrade'));
    expect(listed.indexOf(`Decision ${reference}`)).toBeGreaterThan(0);
    expect(listed.indexOf('Museum admission charges')).toBeGreaterThan(
      listed.indexOf(`Decision ${reference}`),
    );
    expect(listed).toContain(
      `Decision ${reference} Officer decision under delegation; published Tuesday 19 August 2025; not a key decision. ${sentence}`,
    );
    expect(text).not.toContain('Allotment rents');
    expect(text).not.toMatch(
      /version 99|officer-delegated-decision|TEMPLATE_VERSION|notInThisBuild/,
    );
    expect(page.text).not.toContain(`href="/register/${slug}/${reference}"`);

    // The JSON: in its place, marked, with what is kept beside its case.
    const json = await server().get(`/register/${slug}/register.json?from=2025-08-18`).expect(200);
    const decisions = (json.body as { decisions: Record<string, unknown>[] }).decisions;
    expect(decisions.map((d) => d.caseId)).toEqual([newest, newer, older]);
    expect(decisions[1]).toEqual({
      notInThisBuild: true,
      caseId: newer,
      reference,
      kind: 'officer',
      publishedOn: '2025-08-19',
      keyDecision: false,
      audit: { head: kept.head, records: kept.records },
    });
    // Searched by what is kept: whose decision it is and whether it is key.
    const ids = async (query: string) =>
      (
        (await server().get(`/register/${slug}/register.json?from=2025-08-18&${query}`).expect(200))
          .body as { decisions: { caseId: string }[] }
      ).decisions.map((d) => d.caseId);
    expect(await ids('kind=officer&keyDecision=no')).toEqual([newest, newer, older]);
    expect(await ids('keyDecision=yes')).toEqual([]);
    expect(await ids('kind=executive')).toEqual([]);

    // The CSV: its row in its place, the cells only its notice fills said to wait for the update.
    const csv = await server().get(`/register/${slug}/register.csv?from=2025-08-18`).expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      [
        newer,
        reference,
        'Not shown until an update to the service has finished: download the register again in a few minutes',
        '',
        '',
        '',
        '',
        'no',
        '2025-08-19',
        '',
        '',
        '',
        'officer decision',
        kept.head,
        String(kept.records),
      ].join(','),
    );
  });
});
