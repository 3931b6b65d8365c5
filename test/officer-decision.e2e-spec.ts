import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { jcbDecision, jcbHands, jcbMeetingFacts } from '../libs/testing/jcb-world.factory';
import {
  buildOfficerDecisionWorld,
  type OfficerDecisionWorld,
} from '../libs/testing/officer-decision-world.factory';
import { errorSummary, inputValue } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * An officer decision under delegation (reg 13) opened, decided and published, and the public
 * register listing it beside a JCB executive decision (reg 12), each exempt (Part 2) decision's
 * content withheld, each with its audit chain's head.
 */
const MEETING = '2025-09-04';
const EXEMPT_MATTER = 'Purchase of the Bargate clinic building for £1.1M';
const EXEMPT_REASONS = 'Schedule 12A para 3: the financial affairs of the seller';

describe('officer decisions under delegation, and the register of every decision', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let slug: string;
  let clock: ReturnType<typeof engineHarness>['clock'];
  const server = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${world.keyOf(who)}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keyOf(who),
    );
    [{ slug }] = await db.ds.query('SELECT slug FROM tenants WHERE tenant_id = $1', [
      world.tenantId,
    ]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function officerDecision(title: string, exemptReasons: string | null): Promise<CaseView> {
    clock.set('2025-09-01T09:00:00Z');
    let c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title,
      dates: { decisionDue: '2025-09-08' },
      roles: world.officerDecisionRoles,
    });
    c = await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
      summary: title,
      keyDecision: false,
      documents: ['Report of the Director of Public Health'],
      exemptReasons,
      representations: 'Write to democratic.services@example.org',
    });
    c = await cases.act(c, 'officer', 'RECORD_CONSULTATION', {
      name: 'Cllr Ada Fox',
      actingAs: 'Cabinet Member for Health and Adult Social Care',
      consultedOn: '2025-09-01',
      views: 'Supports it; asks that the clinic keep its evening hours',
      conflict: 'Her partner is a trustee of a tenant charity',
      dispensation: {
        grantedBy: 'Head of Paid Service',
        grantedOn: '2025-08-29',
        reference: 'Dispensation 2025/14',
      },
    });
    clock.set('2025-09-08T10:00:00Z');
    c = await cases.act(c, 'director', 'RECORD_DECISION', {
      decision: `Agree: ${title}`,
      decidedOn: '2025-09-08',
      reasons: 'The lease ends in March and the purchase costs less over ten years',
      alternativesRejected: ['Renew the lease for five years'],
      backgroundPapers: ['Valuation report, July 2025'],
    });
    return cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: '2025-09-08' });
  }

  async function jcbDecisionPublished(): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    let c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 2,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
    });
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: 'Integrated carers support service contract',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    const meeting = jcbMeetingFacts(world, MEETING);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands: jcbHands(world) });
    c = await cases.act(c, 'cab1', 'RECORD_DECISION', jcbDecision(world, MEETING));
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    clock.set('2025-09-05T09:00:00Z');
    return cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
  }

  it('opens an officer decision, records the consultation and the decision, and publishes it: implementable at once when not key', async () => {
    const c = await officerDecision('Extend the smoking cessation pilot by three months', null);
    expect(c.state.key).toBe('implementable');
    const notice = (await server().get(`/register/${slug}/${c.id}`).expect(200)).text;
    expect(notice).toContain('Record of an officer decision');
    expect(notice).toContain('Agree: Extend the smoking cessation pilot by three months');
    expect(notice).toContain('Dr Rhea Stone');
    expect(notice).toContain('Monday 8 September 2025');
    expect(notice).toContain('Dispensation 2025/14');
    expect(notice).toContain(
      'Cllr Ada Fox (conflict of interest): Her partner is a trustee of a tenant charity (dispensation granted)',
    );
    expect(notice).toContain('Delegation acted under');
    expect(notice).toContain('Valuation report, July 2025');
  });

  it('refuses a decision by anyone but the holder of the delegation, and changes nothing', async () => {
    clock.set('2025-09-01T09:00:00Z');
    let c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: 'Pharmacy needs assessment consultation',
      dates: { decisionDue: '2025-09-08' },
      roles: world.officerDecisionRoles,
    });
    c = await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
      summary: 'Consult on the pharmacy needs assessment',
      keyDecision: false,
      representations: 'Write to us',
    });
    const res = await server()
      .post(`/api/cases/${c.id}/events`)
      .set(as('cab1'))
      .send({
        type: 'RECORD_DECISION',
        expectedVersion: c.version,
        payload: { decision: 'Consult', decidedOn: '2025-09-01', reasons: 'Statutory duty' },
      })
      .expect(403);
    expect(res.body).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect((await cases.read(c.id)).version).toBe(c.version);
  });

  it('lists both kinds of decision in the public register, searchable, as CSV and JSON, with Part 2 content withheld and each audit head shown', async () => {
    const jcb = await jcbDecisionPublished();
    const exempt = await officerDecision(EXEMPT_MATTER, EXEMPT_REASONS);

    const page = (await server().get(`/register/${slug}`).expect(200)).text;
    expect(page).toContain('Integrated carers support service contract');
    expect(page).toContain('Executive decision');
    expect(page).toContain('Officer decision under delegation');
    expect(page).toContain('Withheld: exempt information (Part 2)');
    expect(page).not.toContain('Bargate');
    // Whether a decision is key and where call-in stands, said once in plain words.
    expect(page).toContain('not a key decision, so not subject to call-in');
    expect(page).not.toContain('not a key decision; not a key decision');

    const officers = (await server().get(`/register/${slug}?kind=officer`).expect(200)).text;
    expect(officers).not.toContain('Integrated carers support service contract');
    const searched = (await server().get(`/register/${slug}?q=carers`).expect(200)).text;
    expect(searched).toContain('1 decision<');
    await server().get(`/register/${slug}?kind=mayor`).expect(422);

    const hidden = (await server().get(`/register/${slug}/${exempt.id}`).expect(200)).text;
    expect(hidden).toContain(EXEMPT_REASONS);
    expect(hidden).not.toContain('Bargate');
    expect(hidden).not.toContain('evening hours');
    expect(hidden).not.toContain('Valuation report');

    const json = await server().get(`/register/${slug}/register.json`).expect(200);
    const decisions = (
      json.body as { decisions: { caseId: string; kind: string; audit: { head: string } }[] }
    ).decisions;
    const published = JSON.stringify(decisions.find((d) => d.caseId === exempt.id));
    expect(published).toContain(EXEMPT_REASONS);
    for (const secret of ['Bargate', 'evening hours', 'tenant charity', 'Valuation report'])
      expect(published).not.toContain(secret);
    const heads: { id: string; audit_head: string }[] = await db.ds.query(
      'SELECT id, audit_head FROM cases WHERE id = ANY($1::uuid[])',
      [[jcb.id, exempt.id]],
    );
    for (const { id, audit_head } of heads)
      expect(decisions.find((d) => d.caseId === id)?.audit.head).toBe(audit_head);
    expect(decisions.find((d) => d.caseId === jcb.id)?.kind).toBe('executive');
    expect(decisions.find((d) => d.caseId === exempt.id)?.kind).toBe('officer');

    const csv = await server().get(`/register/${slug}/register.csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toContain('kind,audit hash,audit records');
    expect(csv.text).toContain('officer decision');
    expect(csv.text).toContain('executive decision');
    expect(csv.text).not.toContain('Bargate');
  });

  it('filters the register by GOV.UK date inputs, keeping what was typed and linking each error to its first wrong box; the JSON takes strict ISO dates', async () => {
    const c = await officerDecision('Extend the falls prevention service by six months', null);
    const titleOf = 'Agree: Extend the falls prevention service by six months';
    const page = (q: string) => server().get(`/register/${slug}?${q}`);

    // Published Monday 8 September 2025: inside 1–30 September, outside "from 9 September".
    const within = await page(
      'from-day=1&from-month=9&from-year=2025&to-day=30&to-month=Sep&to-year=2025',
    ).expect(200);
    expect(within.text).toContain(c.reference);
    expect(inputValue(within.text, 'from-day')).toBe('1');
    expect(inputValue(within.text, 'to-month')).toBe('Sep');
    expect(within.text).toContain('register.json?');
    expect(within.text).toContain('from=2025-09-01&amp;to=2025-09-30');
    const after = await page('from-day=9&from-month=9&from-year=2025').expect(200);
    expect(after.text).not.toContain(c.reference);
    expect(after.text).not.toContain(titleOf);

    // 30 February: refused on the page, linked to the day box, typed values kept.
    const impossible = await page('from-day=30&from-month=2&from-year=2026').expect(422);
    expect(errorSummary(impossible.text)).toEqual([
      { href: '#from-day', text: 'The published from date must be a real date' },
    ]);
    expect(inputValue(impossible.text, 'from-day')).toBe('30');
    expect(inputValue(impossible.text, 'from-month')).toBe('2');
    const partial = await page('to-day=3&to-year=2025').expect(422);
    expect(errorSummary(partial.text)).toEqual([
      { href: '#to-month', text: 'The published to date must include a month' },
    ]);
    // Only the year wrong: linked to the year box, the only box marked, the message at the date.
    const year = await page('to-day=3&to-month=9&to-year=25').expect(422);
    expect(errorSummary(year.text)).toEqual([
      { href: '#to-year', text: 'The published to date must include a year with 4 numbers' },
    ]);
    const marked = [...year.text.matchAll(/<input[^>]*class="([^"]*)"[^>]*id="(to-\w+)"/g)]
      .filter(([, cls]) => cls.includes('govuk-input--error'))
      .map(([, , id]) => id);
    expect(marked).toEqual(['to-year']);
    expect(year.text).toMatch(/id="to-error"[^>]*>[\s\S]*must include a year with 4 numbers/);
    const reversed = await page(
      'from-day=1&from-month=10&from-year=2025&to-day=1&to-month=9&to-year=2025',
    ).expect(422);
    expect(errorSummary(reversed.text)).toEqual([
      {
        href: '#to-day',
        text: 'The published to date must be the same as or after the published from date',
      },
    ]);
    // An address with ISO dates (the JSON's own) reads the same, shown in the boxes.
    const iso = await page('from=2025-09-01').expect(200);
    expect(inputValue(iso.text, 'from-year')).toBe('2025');
    expect(iso.text).toContain(c.reference);

    // The JSON keeps ISO dates, strictly: a day that does not exist is a 4xx problem, nothing listed.
    const bad = await server().get(`/register/${slug}/register.json?from=2026-02-30`).expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'from' }] });
    const backwards = await server()
      .get(`/register/${slug}/register.json?from=2025-10-01&to=2025-09-01`)
      .expect(422);
    expect(backwards.body).toMatchObject({ problems: [{ path: 'to' }] });
    const json = await server()
      .get(`/register/${slug}/register.json?from=2025-09-08&to=2025-09-08`)
      .expect(200);
    expect(JSON.stringify(json.body)).toContain(c.id);
  });
});
