import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../libs/core/clock.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { jcbRules } from '../libs/governance/body-rules.schema';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  JCB_CASE_MEETING as MEETING,
  jcbCaseWithNotices,
} from '../libs/testing/jcb-dispute-case.factory';
import { buildJcbWorld, jcbMeetingFacts, type JcbWorld } from '../libs/testing/jcb-world.factory';
import {
  errorSummary,
  pageText,
  postForm,
  signedInAs,
  STAFF,
} from '../libs/testing/staff-page-client.service';
import { testAppHarness } from '../libs/testing/test-app.service';

/*
 * A council whose directory holds no rules (quorum, consensus) for its Joint Commissioning Board,
 * and an officer opening a JCB case on the version new cases open on (12): the case opens, and its
 * page sends the meeting's record to the meeting page; the meeting is refused, by the API and by
 * the meeting page, naming the rule and saying that an administrator records the Board's rules in
 * the directory, whatever rules are typed, and nothing is recorded. Seed 002's Board, meeting on
 * Thu 4 Sep 2025 (libs/testing/jcb-world.factory.ts), without its rules.
 */
type Problem = { code: string; rule?: string; detail?: string; explanation?: string[] };

/** The JCB world with its Board and members but no rules for the Board, and an officer's account. */
async function councilWithoutBoardRules(ds: DataSource, clock: ManualClock): Promise<JcbWorld> {
  const world = await buildJcbWorld(ds, {
    tweak: (spec) => {
      delete spec.bodies.find((b) => b.key === 'jcb')!.rules;
    },
  });
  await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
    tenantId: world.tenantId,
    personId: world.ids.people[STAFF.officer.personKey],
    role: STAFF.officer.role,
    password: STAFF.officer.password,
    at: clock.now(),
  });
  return world;
}

describe('a JCB case in a council whose directory holds no rules for the Board', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const ready = testAppHarness({
    what: 'the council and the app',
    clock,
    beforeApp: async (db) => ({ world: await councilWithoutBoardRules(db.ds, clock) }),
  });
  const app = (): INestApplication => ready().app;
  const world = () => ready().world;
  const cases = new HttpCases(app, () => world().keys.officer);
  const storedEvents = async (caseId: string) =>
    (
      (await ready().db.ds.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`, [
        caseId,
      ])) as { type: string }[]
    ).map((e) => e.type);

  /** A new case (no version named) at its meeting: its matter described, its notices recorded. */
  const newCaseAtTheMeeting = (title: string): Promise<CaseView> =>
    jcbCaseWithNotices(app(), world(), clock, title);

  it('opens the case on version 12 from the new-case page, its page in words', async () => {
    clock.set(new Date('2025-08-01T09:00:00Z'));
    const agent = await signedInAs(app(), world(), 'officer');
    const form = await agent.get('/cases/new/jcb-delegated-decision').expect(200);
    expect(pageText(form.text)).toContain(
      'Joint Commissioning Board: decision under delegation, version 12',
    );
    const roles = world().jcbV7Roles;
    const opened = await postForm(
      agent,
      '/cases/new/jcb-delegated-decision',
      {
        title: 'Community equipment service',
        'dates-meetingDate-day': '4',
        'dates-meetingDate-month': '9',
        'dates-meetingDate-year': '2025',
        ...Object.fromEntries(Object.entries(roles).map(([k, id]) => [`role.${k}`, id])),
      },
      303,
    );
    const caseId = /^\/cases\/([0-9a-f-]{36})$/.exec(opened.headers.location as string)![1];
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    const text = pageText(page.text);
    expect(text).toContain(
      'Joint Commissioning Board: decision under delegation, rules as at version 12',
    );
  });

  it.each([
    ['with no rules sent', undefined],
    [
      'with the rules typed into the step',
      (({ quorum, decision }) => ({ quorum, decision }))(
        jcbRules({
          council: '00000000-0000-4000-8000-000000000001',
          ccg: '00000000-0000-4000-8000-000000000002',
        }),
      ),
    ],
  ])(
    'refuses the meeting’s attendance over the API %s, naming the rule and saying to record the Board’s rules in the directory, and records nothing',
    async (_, boardRules) => {
      const c = await newCaseAtTheMeeting(`Stroke rehabilitation ${boardRules ? 2 : 1}`);
      expect(c.template.version).toBe(12);
      const res = await request(app().getHttpServer())
        .post(`/api/cases/${c.id}/events`)
        .set({ Authorization: `Bearer ${world().keys.officer}` })
        .send({
          type: 'RECORD_ATTENDANCE',
          expectedVersion: c.version,
          payload: {
            meeting: jcbMeetingFacts(world(), MEETING),
            ...(boardRules ? { boardRules } : {}),
          },
        });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.body as Problem;
      expect(problem).toMatchObject({
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'BOARD_RULES_UNKNOWN',
      });
      expect(problem.detail).toMatch(
        /^The rule “The Board’s rules are recorded in the directory” refuses this: the council’s directory holds no quorum or decision rule for the Joint Commissioning Board\./,
      );
      expect(problem.explanation).toContain(
        'an administrator records the Joint Commissioning Board’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)',
      );
      const now = await cases.read(c.id);
      expect([now.version, now.state.key]).toEqual([c.version, c.state.key]);
      await expect(storedEvents(c.id)).resolves.not.toContain('RECORD_ATTENDANCE');
      // Opened in the browser, the case sends its attendance to the meeting page (which refuses
      // a meeting of the Board on that day: below), and the page opens.
      const agent = await signedInAs(app(), world(), 'officer');
      const page = await agent.get(`/cases/${c.id}`).expect(200);
      expect(pageText(page.text)).toContain(
        'Record attendance: recorded on the meeting page of the meeting that takes the item.',
      );
    },
  );

  it('refuses to schedule the Board’s meeting on the meeting page in the error summary, naming the rule and what to fix, and records no meeting', async () => {
    clock.set(new Date('2025-08-01T09:00:00Z'));
    const agent = await signedInAs(app(), world(), 'officer');
    const res = await postForm(
      agent,
      '/meetings',
      {
        body: world().ids.bodies.jcb,
        'meetingDate-day': '4',
        'meetingDate-month': '9',
        'meetingDate-year': '2025',
        title: 'Joint Commissioning Board, 4 September 2025',
      },
      422,
      '/meetings',
    );
    const [first] = errorSummary(res.text);
    expect(first.text).toBe(
      'The rule “A body meets under rules in force on the day” refuses this: Joint Commissioning Board has no quorum rule in force on 4 September 2025 in the council’s directory. Nothing was recorded: ask an administrator to record the body’s rules in the directory from that day, then record the meeting.',
    );
    const [{ n }]: { n: number }[] = await ready().db.ds.query(
      'SELECT count(*)::int AS n FROM meetings WHERE tenant_id = $1',
      [world().tenantId],
    );
    expect(n).toBe(0);
  });
});
