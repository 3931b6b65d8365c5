import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiKeyHash } from '../libs/directory/tenant-setup.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildJcbWorld,
  jcbDecision,
  jcbHands,
  jcbMeetingFacts,
  JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Who may read what (README, "Security"): the table as a test matrix. One tenant with a BCF case
 * answered by email link (the Chief Executive's and the Accountable Officer's IP addresses and
 * browsers recorded) and a JCB case taken as a private (Part 2) item, on a meeting's agenda; and
 * another tenant. Each kind of reader reads each endpoint.
 */
const MEETING = '2025-09-04';
const CEO_BROWSER = 'CEO-Laptop/2.0 (read-authorisation test)';
const AO_BROWSER = 'AO-Phone/1.0 (read-authorisation test)';
/** Exempt (Part 2) content of the JCB case and its agenda item. */
const SECRET_TITLE = 'Care home block purchase: Bayview commercial terms';
const SECRET_DECISION = 'Buy 40 beds from Bayview Care Homes at the tendered rates';
const SECRET_INTEREST = 'Spouse is a director of Bayview Care Homes';
const PART2_REASONS = 'Information about the financial affairs of a provider (Schedule 12A para 3)';

type Reader = 'officer' | 'governanceLead' | 'roleHolder' | 'boardMember' | 'otherTenantOfficer';

describe('who may read what', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: JcbWorld;
  let other: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let bcfId: string;
  let jcbId: string;
  let meetingId: string;
  const leadKey = `test-governance-lead-${Date.now()}`;
  const server = () => request(app.getHttpServer());

  const keyOf = (who: string): string => {
    if (who === 'otherTenantOfficer') return other.keys.officer;
    if (who === 'governanceLead') return leadKey;
    return (
      (world.keys as Record<string, string>)[who] ?? (world.jcbKeys as Record<string, string>)[who]
    );
  };
  const bearer = (who: string) => ({ Authorization: `Bearer ${keyOf(who)}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
    world = await buildJcbWorld(db.ds);
    other = await buildBcfWorld(db.ds);
    // The governance lead: a staff account, not an officer in the directory, with an API key.
    await db.ds.query(
      `INSERT INTO api_keys (tenant_id, person_id, name, key_hash, created_at) VALUES ($1, $2, 'Governance lead', $3, now())`,
      [world.tenantId, world.ids.people.governanceLead, apiKeyHash(leadKey)],
    );
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.governanceLead,
      role: 'governance_lead',
      password: 'governance-lead-password',
      at: h.clock.now(),
    });
    const cases = new HttpCases(() => app, keyOf);

    // The BCF case: the Chief Executive and the Accountable Officer agree by email link.
    let bcf = await cases.open(
      openBcfCaseBody(world, {
        dates: {
          submissionDeadline: '2025-11-14',
          notingDeadline: '2025-12-15',
          expectedAssuranceDate: '2026-01-09',
        },
      }),
    );
    bcf = await cases.act(bcf, 'officer', 'SEEK_AGREEMENT');
    bcfId = bcf.id;
    await answerByLink(bcfId, world.ids.people.ceo, CEO_BROWSER);
    await answerByLink(bcfId, world.ids.people.ao, AO_BROWSER);

    // The JCB case, a private (Part 2) item, decided by the Cabinet member.
    let jcb = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 2,
      title: SECRET_TITLE,
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
    });
    // The meeting's evening: its notices given, the Board met and decided.
    h.clock.set(`${MEETING}T18:00:00Z`);
    jcb = await cases.act(jcb, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: SECRET_TITLE,
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
      privateItem: { noticePublishedOn: '2025-07-01', reasons: PART2_REASONS },
    });
    const facts = jcbMeetingFacts(world, MEETING);
    jcb = await cases.act(jcb, 'officer', 'RECORD_ATTENDANCE', { meeting: facts });
    jcb = await cases.act(jcb, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting: facts,
      hands: jcbHands(world),
    });
    h.clock.set(`${MEETING}T15:00:00Z`);
    jcb = await cases.act(
      jcb,
      'cab1',
      'RECORD_DECISION',
      jcbDecision(world, MEETING, { decision: SECRET_DECISION }),
    );
    jcbId = jcb.id;

    // The Board's meeting, the case on its agenda as a Part 2 item with an interest declared.
    const officer = bearer('officer');
    const scheduled = await server()
      .post('/api/meetings')
      .set(officer)
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, September' })
      .expect(201);
    meetingId = (scheduled.body as { id: string }).id;
    const added = await server()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer)
      .send({
        title: SECRET_TITLE,
        caseId: jcbId,
        keyDecision: true,
        forwardPlanPublishedOn: '2025-07-01',
        part2Reasons: PART2_REASONS,
        privateNoticePublishedOn: '2025-07-01',
      })
      .expect(201);
    const itemId = (added.body as { agenda: { id: string }[] }).agenda[0].id;
    await server()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer)
      .send(
        (['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'] as const).map((k) => ({
          personId: world.id(k),
          status: 'present',
        })),
      )
      .expect(200);
    await server()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer)
      .send({ personId: world.id('ccg2'), kind: 'other', details: SECRET_INTEREST })
      .expect(201);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** Views the emailed link and answers it (approve), from the browser given. */
  async function answerByLink(caseId: string, personId: string, browser: string) {
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, personId],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const page = await server().get(`/act/${token}`).set('User-Agent', browser).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    await server()
      .post(`/act/${token}`)
      .set('User-Agent', browser)
      .type('form')
      .send({ csrf, response: 'approve' })
      .expect(200);
  }

  /** The endpoints that read one case. */
  const caseReads = (id: string) => [
    `/api/cases/${id}`,
    `/api/cases/${id}/documents`,
    `/api/cases/${id}/diagram.svg`,
    `/api/cases/${id}/audit`,
    `/api/cases/${id}/audit/verify`,
    `/api/cases/${id}/certificate`,
  ];

  async function get(path: string, who: string) {
    const res = await server().get(path).set(bearer(who));
    return { status: res.status, text: res.text, body: res.body as unknown };
  }

  /*
   * The table: for each reader, whether they read each case (200, or 404 CASE_NOT_FOUND as if it
   * did not exist), see exempt content, and see the IP address and browser of each answer.
   */
  const TABLE: Record<
    Reader,
    {
      bcf: boolean;
      jcb: boolean;
      /** Whose browser they see in the BCF case's evidence. */
      browsers: string[];
      /** Whether the JCB agenda item's content shows on the meeting. */
      part2OnMeeting: boolean | 'no meeting';
    }
  > = {
    officer: { bcf: true, jcb: true, browsers: [CEO_BROWSER, AO_BROWSER], part2OnMeeting: true },
    governanceLead: {
      bcf: true,
      jcb: true,
      browsers: [CEO_BROWSER, AO_BROWSER],
      part2OnMeeting: true,
    },
    // The Chief Executive on the BCF case; the Cabinet member on the JCB case.
    roleHolder: { bcf: true, jcb: true, browsers: [CEO_BROWSER], part2OnMeeting: true },
    // A JCB member with no role on either case.
    boardMember: { bcf: false, jcb: false, browsers: [], part2OnMeeting: false },
    otherTenantOfficer: { bcf: false, jcb: false, browsers: [], part2OnMeeting: 'no meeting' },
  };
  const readerKey = (r: Reader, c: 'bcf' | 'jcb') =>
    r === 'roleHolder' ? (c === 'bcf' ? 'ceo' : 'cab1') : r === 'boardMember' ? 'ccg1' : r;

  describe.each(Object.keys(TABLE) as Reader[])('as %s', (reader) => {
    const row = TABLE[reader];

    it(`lists ${[row.bcf && 'the BCF case', row.jcb && 'the JCB case'].filter(Boolean).join(' and ') || 'neither case'}`, async () => {
      for (const c of ['bcf', 'jcb'] as const) {
        const res = await get('/api/cases?limit=200', readerKey(reader, c));
        expect(res.status).toBe(200);
        const ids = (res.body as { items: CaseView[] }).items.map((i) => i.id);
        expect(ids.includes(c === 'bcf' ? bcfId : jcbId)).toBe(row[c]);
        if (!row.jcb) expect(res.text).not.toContain(SECRET_TITLE);
      }
    });

    it(`reads each case endpoint with ${row.bcf ? '200' : '404 CASE_NOT_FOUND'}`, async () => {
      for (const c of ['bcf', 'jcb'] as const) {
        const id = c === 'bcf' ? bcfId : jcbId;
        const paths = [
          ...caseReads(id),
          ...(c === 'jcb'
            ? [`/api/cases/${id}/decision-notice`, `/api/cases/${id}/decision-notice.html`]
            : []),
        ];
        for (const path of paths) {
          const res = await get(path, readerKey(reader, c));
          expect({ path, status: res.status }).toEqual({ path, status: row[c] ? 200 : 404 });
          if (!row[c]) expect((res.body as { code: string }).code).toBe('CASE_NOT_FOUND');
        }
      }
    });

    it(
      row.jcb
        ? 'sees the exempt (Part 2) content of the JCB case'
        : 'never sees exempt (Part 2) content',
      async () => {
        const who = readerKey(reader, 'jcb');
        for (const path of [...caseReads(jcbId), `/api/cases/${jcbId}/decision-notice`]) {
          const res = await get(path, who);
          if (!row.jcb) {
            expect(res.text).not.toContain('Bayview');
          } else if (path.endsWith(jcbId) || path.endsWith('decision-notice')) {
            expect(res.text).toContain(SECRET_TITLE);
            expect(res.text).toContain(SECRET_DECISION);
          }
        }
      },
    );

    it(`sees ${row.browsers.length === 2 ? 'everyone’s' : row.browsers.length ? 'only their own' : 'no'} IP address and browser in the evidence`, async () => {
      if (!row.bcf) return; // nothing to read at all (checked above)
      const who = readerKey(reader, 'bcf');
      const trail = await get(`/api/cases/${bcfId}/audit`, who);
      const certificate = await get(`/api/cases/${bcfId}/certificate`, who);
      for (const browser of [CEO_BROWSER, AO_BROWSER]) {
        const shown = row.browsers.includes(browser);
        expect({ browser, inTrail: trail.text.includes(browser) }).toEqual({
          browser,
          inTrail: shown,
        });
        expect({ browser, inCertificate: certificate.text.includes(browser) }).toEqual({
          browser,
          inCertificate: shown,
        });
      }
      type Link = {
        actor: { personId?: string };
        event: { evidence?: Record<string, unknown> };
        personalEvidence?: Record<string, unknown>;
      };
      const answers = (trail.body as { records: Link[] }).records.filter((r) => r.event.evidence);
      expect(answers).toHaveLength(2);
      for (const a of answers) {
        const own = a.actor.personId === world.ids.people.ceo;
        const shown = row.browsers.length === 2 || own;
        // Beside the link, never in it (docs/adr/0020): the link is shown as it was hashed.
        expect(Object.keys(a.event.evidence!)).not.toContain('ip');
        expect(Object.keys(a.personalEvidence!).includes('ip')).toBe(shown);
        expect(a.personalEvidence!.state).toBe(shown ? 'kept' : 'withheld');
        expect(a.event.evidence).toMatchObject({ channel: 'email-link', response: 'approve' });
      }
      if (row.browsers.length < 2)
        expect(certificate.text).toContain('IP address and browser withheld');
    });

    it(
      row.part2OnMeeting === 'no meeting'
        ? 'cannot read the meeting (404)'
        : row.part2OnMeeting
          ? 'sees the Part 2 agenda item’s content on the meeting'
          : 'sees the meeting with the Part 2 item’s content withheld, and why it is private',
      async () => {
        const res = await get(`/api/meetings/${meetingId}`, readerKey(reader, 'jcb'));
        if (row.part2OnMeeting === 'no meeting') {
          expect(res.status).toBe(404);
          expect((res.body as { code: string }).code).toBe('MEETING_NOT_FOUND');
          return;
        }
        expect(res.status).toBe(200);
        const [item] = (
          res.body as { agenda: { title: string; caseId: string | null; part2Reasons: string }[] }
        ).agenda;
        expect(item.part2Reasons).toBe(PART2_REASONS);
        if (row.part2OnMeeting) {
          expect(item).toMatchObject({ title: SECRET_TITLE, caseId: jcbId });
          expect(res.text).toContain(SECRET_INTEREST);
        } else {
          expect(item).toMatchObject({
            title: 'Withheld: exempt information (Part 2)',
            caseId: null,
          });
          expect(res.text).not.toContain('Bayview');
        }
      },
    );
  });

  it('lets a role holder who has not answered read the case, but no one’s IP address or browser', async () => {
    const trail = await get(`/api/cases/${bcfId}/audit`, 'chair');
    expect(trail.status).toBe(200);
    const certificate = await get(`/api/cases/${bcfId}/certificate`, 'chair');
    for (const text of [trail.text, certificate.text]) {
      expect(text).not.toContain(CEO_BROWSER);
      expect(text).not.toContain(AO_BROWSER);
      expect(text).not.toContain('127.0.0.1');
    }
  });

  it('lists to a person the case they answered, and nothing to a board member with no part', async () => {
    // The Accountable Officer answered by link: the role is theirs, and so is the case.
    const list = await get('/api/cases', 'ao');
    expect((list.body as { items: CaseView[] }).items.map((i) => i.id)).toEqual([bcfId]);
    // The Deputy Accountable Officer (a board member's key) has no part in any case.
    expect(((await get('/api/cases', 'gp')).body as { items: CaseView[] }).items).toEqual([]);
  });

  it('names no Part 2 case in the body’s calendar feed', async () => {
    // A private item awaiting its meeting: the meeting's deadline is in the JCB's feed.
    const cases = new HttpCases(() => app, keyOf);
    const later = '2025-10-02';
    const c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 2,
      title: 'Bayview block contract: renewal terms',
      dates: { meetingDate: later },
      roles: world.jcbRoles,
    });
    await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: later,
      itemTitle: 'Bayview block contract: renewal terms',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      // Published already, a month ahead of the meeting.
      reportPublishedOn: '2025-09-01',
      privateItem: { noticePublishedOn: '2025-07-01', reasons: PART2_REASONS },
    });
    const path = app.get(CalendarFeedService).feedPath('bodies', world.ids.bodies.jcb);
    const ics = (await server().get(path).expect(200)).text.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('Deadline: meeting – Withheld: exempt information (Part 2)');
    expect(ics).not.toContain('Bayview');
  });
});
