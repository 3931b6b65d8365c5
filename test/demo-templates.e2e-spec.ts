import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { TenantIds } from '../libs/directory/tenant-setup.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { demoTenantIds } from '../libs/testing/demo-tenant-ids.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { findTemplate, listTemplates } from '../libs/workflows/template.registry';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

/**
 * Issue #15 item 4: the demo can open a case of every template new cases open on, each role bound
 * to the office the seeds name for it and held by the demo's invented person, through the API as
 * an officer would.
 */

/** The office each role is filled by, as the case shows its holder ("acting as"). */
const ACTING_AS: Record<string, Record<string, RegExp>> = {
  'bcf-delegated-sign-off': {
    chiefExecutive: /^Chief Executive, Southampton City Council$/,
    accountableOfficer: /^Chief Executive, NHS Hampshire and Isle of Wight Integrated Care Board$/,
    delegatedApprover: /^Chair, Southampton Health and Wellbeing Board, under delegation/,
  },
  'bcf-board-sign-off': {
    chiefExecutive: /^Chief Executive, Southampton City Council$/,
    accountableOfficer: /^Chief Executive, NHS Hampshire and Isle of Wight Integrated Care Board$/,
  },
  'bcf-quarterly-performance-report': {
    commissioningLead: /^Senior Commissioning Manager, Integrated Commissioning Unit$/,
  },
  'grant-ratification': { reportOwner: /^Service Director, Adults, Housing and Communities$/ },
  'minutes-approval': {
    chair: /^Chair of the Southampton Health and Wellbeing Board$/,
    viceChair: /^Vice-chair of the Southampton Health and Wellbeing Board$/,
  },
  'jcb-delegated-decision': {
    decisionMaker: /^Cabinet Member for Health and Adult Social Care, under delegation/,
    properOfficer: /^Proper Officer, Democratic Services$/,
    urgencyApprover: /^Chair, Health Overview and Scrutiny Panel$/,
    leader: /^Leader of the Council$/,
    partnerChair: /^Chair, NHS Hampshire and Isle of Wight Integrated Care Board$/,
  },
  'pharmacy-consolidation-representation': {
    dph: /^Director of Public Health, Southampton City Council$/,
    hwbbChair: /^Chair, Southampton Health and Wellbeing Board$/,
    scrutinyChair: /^Chair, Health Overview and Scrutiny Panel$/,
  },
  'officer-delegated-decision': {
    decisionMaker:
      /^Service Director, Adults, Housing and Communities, under delegation from the Cabinet/,
  },
};

describe('the demo opens every template with the right office holders', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: TenantIds;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const current = [...new Set(listTemplates().map((t) => t.id))].map((id) => findTemplate(id)!);

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    ids = await demoTenantIds(db.ds);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('has an opening for every template new cases open on', () => {
    const openings = demoOpenings(ids, londonDate(clock.now()));
    expect(current.map((t) => t.id).filter((id) => !openings[id])).toEqual([]);
  });

  it.each(current.map((t) => [t.id, t] as const))(
    'opens %s with each role held through the office the seeds name',
    async (id, template) => {
      const opening = demoOpenings(ids, londonDate(clock.now()))[id];
      const res = await request(app.getHttpServer())
        .post('/api/cases')
        .set({ Authorization: `Bearer ${DEMO_API_KEYS.officer}` })
        .send({ template: id, title: `Demo: ${template.title}`, ...opening });
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
      const view = res.body as CaseView;
      const expected = ACTING_AS[id];
      // A member named on the case later (who presided: minutes v3) is bound by its event, not at opening.
      const bound = Object.keys(template.roles).filter(
        (r) => r !== 'officer' && template.roles[r].binding !== 'member',
      );
      expect(bound.sort()).toEqual(Object.keys(expected).sort());
      for (const role of bound) {
        expect(view.roles[role].actingAs).toMatch(expected[role]);
        expect(view.roles[role].person).not.toBeNull();
      }
    },
  );
});
