import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import * as layout from '../libs/workflows/diagram-layout.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { templateDiagrams } from '../libs/workflows/template-diagrams.service';
import { currentVersion, listTemplates } from '../libs/workflows/template.registry';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

describe('the template catalogue and diagrams', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lists each released template with its roles, dates and steps in plain words', async () => {
    const res = await request(app.getHttpServer()).get('/api/templates').expect(200);
    const bcf = res.body.find((t: { id: string }) => t.id === 'bcf-delegated-sign-off');
    expect(bcf).toMatchObject({
      version: 1,
      roles: { delegatedApprover: { filledBy: 'delegation' } },
    });
    expect(Object.keys(bcf.dates).sort()).toEqual([
      'expectedAssuranceDate',
      'notingDeadline',
      'submissionDeadline',
    ]);
    expect(bcf.steps.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['drafting', 'chair approval', 'ready to submit', 'closed']),
    );
  });

  it('draws a template as an SVG picture with a title', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/templates/bcf-delegated-sign-off/versions/1/diagram.svg')
      .expect(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    const svg = res.body.toString();
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain(
      '<title id="diagram-title">Better Care Fund plan, delegated sign-off (version 1)</title>',
    );
    expect((svg.match(/<g class="state/g) ?? []).length).toBeGreaterThan(15);
  });

  it('says which version of each template new cases open on: the registry’s current one, every other registered', async () => {
    const res = await request(app.getHttpServer()).get('/api/templates').expect(200);
    const listed = (res.body as { id: string; version: number; current: boolean }[]).map((t) => [
      t.id,
      t.version,
      t.current,
    ]);
    // Read from the registry, not written here: making a version current is a change of its own
    // (README's list says which, readme-template-list.spec holds it to the registry).
    expect(listed).toEqual(
      listTemplates().map((t) => [t.id, t.version, t.version === currentVersion(t.id)]),
    );
    // One current version a template: a current version not registered would list none.
    const ids = [...new Set(listTemplates().map((t) => t.id))];
    for (const id of ids)
      expect(listed.filter(([tid, , current]) => tid === id && current)).toHaveLength(1);
  });

  it('draws a released version once: the same bytes again without a layout, with a strong ETag that answers 304', async () => {
    const layouts = jest.spyOn(layout, 'layOutDiagram');
    try {
      // A version no other test here draws; the two first requests come together.
      const path = '/api/templates/jcb-delegated-decision/versions/2/diagram.svg';
      const [a, b] = await Promise.all([
        request(app.getHttpServer()).get(path).expect(200),
        request(app.getHttpServer()).get(path).expect(200),
      ]);
      const again = await request(app.getHttpServer()).get(path).expect(200);
      expect(layouts).toHaveBeenCalledTimes(1);
      expect(b.body.toString()).toBe(a.body.toString());
      expect(again.body.toString()).toBe(a.body.toString());
      const etag = again.headers.etag;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect([a.headers.etag, b.headers.etag]).toEqual([etag, etag]);
      expect(again.headers['cache-control']).toBe('public, max-age=86400, immutable');

      const unchanged = await request(app.getHttpServer())
        .get(path)
        .set('If-None-Match', etag)
        .expect(304);
      expect(unchanged.headers.etag).toBe(etag);
      expect(unchanged.text ?? '').toBe('');
      await request(app.getHttpServer())
        .get(path)
        .set('If-None-Match', '"another picture"')
        .expect(200);
      expect(layouts).toHaveBeenCalledTimes(1);
    } finally {
      layouts.mockRestore();
    }
  });

  it('refuses an unknown template or version with 404 TEMPLATE_NOT_FOUND before drawing anything', async () => {
    const layouts = jest.spyOn(layout, 'layOutDiagram');
    try {
      for (const path of [
        '/api/templates/bcf-delegated-sign-off/versions/9/diagram.svg',
        '/api/templates/no-such-template/versions/1/diagram.svg',
        '/api/templates/bcf-delegated-sign-off/versions/one/diagram.svg',
        '/api/templates/bcf-delegated-sign-off/versions/9',
      ]) {
        const res = await request(app.getHttpServer()).get(path).expect(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
      }
      expect(layouts).not.toHaveBeenCalled();
    } finally {
      layouts.mockRestore();
    }
  });

  it('answers 304 to an If-None-Match list, a weak tag or * naming the picture, and HEAD as GET without the bytes', async () => {
    const path = '/api/templates/minutes-approval/versions/3/diagram.svg';
    const { etag } = (await request(app.getHttpServer()).get(path).expect(200)).headers;
    for (const named of [`"another", ${etag}`, `W/${etag}`, '*'])
      await request(app.getHttpServer()).get(path).set('If-None-Match', named).expect(304);
    const head = await request(app.getHttpServer()).head(path).expect(200);
    expect(head.headers.etag).toBe(etag);
    expect(head.headers['content-type']).toContain('image/svg+xml');
    expect(head.text ?? '').toBe('');
    await request(app.getHttpServer()).head(path).set('If-None-Match', etag).expect(304);
    // The same version by another spelling of its number is the same picture, not another kept.
    const padded = await request(app.getHttpServer())
      .get(path.replace('/versions/3/', '/versions/03/'))
      .expect(200);
    expect(padded.headers.etag).toBe(etag);
    // Template ids are the catalogue's, exactly.
    const cased = await request(app.getHttpServer())
      .get(path.replace('minutes-approval', 'Minutes-Approval'))
      .expect(404);
    expect(cased.body.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('answers every request that shared a failed drawing with a problem, and draws again at the next', async () => {
    // The drawing fails only once both requests have asked for the picture, so that they share it.
    let fail!: () => void;
    const layouts = jest
      .spyOn(layout, 'layOutDiagram')
      .mockImplementationOnce(
        () => new Promise((_, reject) => (fail = () => reject(new Error('layout failed')))),
      );
    const asked = jest.spyOn(templateDiagrams, 'of');
    try {
      const path = '/api/templates/grant-ratification/versions/2/diagram.svg';
      const requests = [1, 2].map(() =>
        request(app.getHttpServer())
          .get(path)
          .then((r) => r),
      );
      while (asked.mock.calls.length < 2) await new Promise((r) => setImmediate(r));
      fail();
      for (const res of await Promise.all(requests)) {
        expect(res.status).toBe(500);
        expect(res.headers['content-type']).toContain('application/problem+json');
        // Nothing may keep the failure as the picture for a day.
        expect(res.headers['cache-control'] ?? '').not.toContain('max-age=86400');
      }
      const drawn = await request(app.getHttpServer()).get(path).expect(200);
      expect(drawn.body.toString()).toMatch(/^<svg /);
      expect(layouts).toHaveBeenCalledTimes(2);
    } finally {
      layouts.mockRestore();
      asked.mockRestore();
    }
  });

  it('marks a case’s current states and shades the ones it passed through', async () => {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/diagram.svg`)
      .set(auth)
      .expect(200);
    const svg = res.body.toString();
    const current = [...svg.matchAll(/<g class="state current[^"]*" data-state="([^"]+)"/g)]
      .map((m) => m[1])
      .sort();
    expect(current).toEqual([
      'bcf.preSubmission.agreement.accountableOfficer.awaiting',
      'bcf.preSubmission.agreement.chiefExecutive.awaiting',
    ]);
    expect(svg).toMatch(/<g class="state visited" data-state="bcf.preSubmission.drafting"/);
  });
});
