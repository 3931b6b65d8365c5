import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { SEED_DATES } from '../libs/testing/world.factory';
import { pageText, signedInAs, staffWorld } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * A rolling upgrade, or a downgrade (docs/operations.md): one case of a council runs on a template
 * version this build does not have. The staff lists still list every case of the council: that
 * one in its place, by its reference and title, saying in plain words that it cannot be opened
 * until the update has finished (no version, key or id), the others as usual.
 */
describe('the staff case lists while one case is on a template version this build lacks', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const WAITS =
    'This case cannot be opened until an update to the service has finished. Try again in a few minutes.';

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A council with a plan on this build's version and one moved to version 99, overdue, an email of it failed. */
  async function councilWithOneCaseOfNewerBuild() {
    const w = await staffWorld(db.ds, clock);
    const known = await caseAwaitingAgreementOverApi(app, w, { title: 'Plan this build reads' });
    const newer = await caseAwaitingAgreementOverApi(app, w, { title: 'Plan of a newer build' });
    await db.ds.query(
      `UPDATE cases SET template_version = 99,
              snapshot = jsonb_set(snapshot, '{context,overdue}', '{"submission": true}')
        WHERE id = $1`,
      [newer.caseId],
    );
    const failed = await db.ds.query(
      `UPDATE effects SET status = 'failed', last_error = 'mailbox full'
        WHERE id = (SELECT id FROM effects WHERE case_id = $1 ORDER BY id LIMIT 1) RETURNING id`,
      [newer.caseId],
    );
    expect(failed[0]).toHaveLength(1);
    return { w, known, newer };
  }

  /** The page's text has the case's title and reference and the sentence, and no key, version or id. */
  function expectListedAsWaiting(html: string, newer: { caseId: string; reference: string }) {
    const text = pageText(html);
    expect(text).toContain('Plan of a newer build');
    expect(text).toContain(newer.reference);
    expect(text).toContain(WAITS);
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/bcf-delegated-sign-off|version 99|TEMPLATE_VERSION|notInThisBuild/);
    // Not a link to a page that cannot open yet.
    expect(html).not.toContain(`href="/cases/${newer.caseId}"`);
  }

  it('lists every open case on the dashboard: that one in its place, unlinked, saying it opens after the update', async () => {
    const { w, known, newer } = await councilWithOneCaseOfNewerBuild();
    for (const who of ['officer', 'governanceLead'] as const) {
      const page = await (await signedInAs(app, w, who)).get('/cases');
      expect({ who, status: page.status }).toEqual({ who, status: 200 });
      expectListedAsWaiting(page.text, newer);
      const text = pageText(page.text);
      // Counted and listed among the open cases, the overdue and those with an email that failed.
      expect(text).toContain('1 case is overdue');
      expect(text).toContain(
        `Plan of a newer build (${newer.reference}): a deadline passed. ${WAITS}`,
      );
      expect(text).toContain(
        `Plan of a newer build (${newer.reference}): an email failed. ${WAITS}`,
      );
      expect(page.text).toContain(`href="/cases/${known.caseId}"`);
      expect(text).toContain('Plan this build reads');
    }
  });

  it('lists its deadline due soon in words, unlinked, saying it opens after the update', async () => {
    const w = await staffWorld(db.ds, clock);
    // Its national submission falls within the dashboard's 5 working days (from Fri 1 Oct 2021).
    const soon = { ...SEED_DATES, submissionDeadline: '2021-10-06' };
    const known = await caseAwaitingAgreementOverApi(app, w, {
      title: 'Plan this build reads',
      dates: soon,
    });
    const newer = await caseAwaitingAgreementOverApi(app, w, {
      title: 'Plan of a newer build',
      dates: soon,
    });
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [newer.caseId]);
    const page = await (await signedInAs(app, w, 'officer')).get('/cases');
    expect(page.status).toBe(200);
    const due = pageText(page.text).split('Deadlines before ')[1].split('Meetings before ')[0];
    // Its deadline's name is its version's to give: neither its key nor another version's words.
    expect(due).toContain(`Plan of a newer build (${newer.reference}): a deadline, `);
    expect(due).toContain(WAITS);
    expect(due).toContain(
      `Plan this build reads (${known.reference}): national submission deadline`,
    );
    expect(due).not.toMatch(/Plan of a newer build \([^)]*\): [^,]*submission/);
    expect(page.text).not.toContain(`href="/cases/${newer.caseId}"`);
    expect(page.text).toContain(`href="/cases/${known.caseId}"`);
  });

  it('finds it among every case of the council, its workflow named, not keyed', async () => {
    const { w, known, newer } = await councilWithOneCaseOfNewerBuild();
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get('/cases/find');
    expect(page.status).toBe(200);
    expectListedAsWaiting(page.text, newer);
    expect(pageText(page.text)).toContain('Cases 1 to 2 of 2');
    expect(page.text).toContain(`href="/cases/${known.caseId}"`);
    const csv = await officer.get('/cases/find.csv').expect(200);
    const line = csv.text.split('\r\n').find((l) => l.includes(newer.reference))!;
    expect(line).toContain('"Plan of a newer build","Better Care Fund');
    expect(line).not.toMatch(/bcf-delegated-sign-off/);
  });

  it('lists it over the API in its place with what its row says, notInThisBuild, and refuses reading it', async () => {
    const { w, known, newer } = await councilWithOneCaseOfNewerBuild();
    const [row]: { version: number; created: Date; updated: Date }[] = await db.ds.query(
      `SELECT version, created_at AS created, updated_at AS updated FROM cases WHERE id = $1`,
      [newer.caseId],
    );
    // The officer sees every case; the Chief Executive the cases they have a part in (both).
    for (const who of ['officer', 'ceo'] as const) {
      const auth = { Authorization: `Bearer ${w.keys[who]}` };
      const res = await request(app.getHttpServer()).get('/api/cases').set(auth);
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
      const items = (res.body as { items: Record<string, unknown>[] }).items;
      expect(items.map((c) => c.id).sort()).toEqual([known.caseId, newer.caseId].sort());
      // Nothing its template alone could say (state, who is awaited, dates) is given or made up.
      expect(items.find((c) => c.id === newer.caseId)).toEqual({
        notInThisBuild: true,
        id: newer.caseId,
        reference: newer.reference,
        title: 'Plan of a newer build',
        template: { id: 'bcf-delegated-sign-off', version: 99 },
        version: row.version,
        createdAt: row.created.toISOString(),
        updatedAt: row.updated.toISOString(),
        closedAt: null,
      });
      const other = items.find((c) => c.id === known.caseId)!;
      expect(other).not.toHaveProperty('notInThisBuild');
      expect(other).toMatchObject({ title: 'Plan this build reads', state: expect.any(Object) });
      // Filtered lists too: it is overdue, as its snapshot says.
      const overdue = await request(app.getHttpServer()).get('/api/cases?overdue=true').set(auth);
      expect({ who, status: overdue.status }).toEqual({ who, status: 200 });
      expect((overdue.body as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([
        newer.caseId,
      ]);
      const read = await request(app.getHttpServer()).get(`/api/cases/${newer.caseId}`).set(auth);
      expect({ who, status: read.status, code: (read.body as { code?: string }).code }).toEqual({
        who,
        status: 503,
        code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD',
      });
    }
  });

  it('names a template new to this build in words among the open cases by stage, never by its key', async () => {
    const { w, newer } = await councilWithOneCaseOfNewerBuild();
    await db.ds.query(
      `UPDATE cases SET template_id = 'bcf-next-generation', template_version = 1 WHERE id = $1`,
      [newer.caseId],
    );
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get('/cases');
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('A workflow the service is being updated to: ');
    expect(text).not.toContain('bcf-next-generation');
    // The stage chosen is headed likewise.
    const stage = /href="(\/cases\?stage=bcf-next-generation[^"]*)"/.exec(page.text)![1];
    const chosen = await officer.get(stage.replace(/&amp;/g, '&'));
    expect(chosen.status).toBe(200);
    expect(pageText(chosen.text)).toContain(
      'Open cases: A workflow the service is being updated to,',
    );
    expect(pageText(chosen.text)).not.toContain('bcf-next-generation');
  });
});
