import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import type { Actor } from '../core/actor.dto';
import type { Clock } from '../core/clock.service';
import { acrossTenants } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { onePagePdf } from '../documents/one-page-pdf.service';
import { addDays, londonDate } from '../governance/working-day-calendar.service';
import { addDemoCabinet } from './demo-cabinet.service';
import { addDemoFullCouncil } from './demo-full-council.service';
import { seedDemoGrantMeetings } from './demo-grant-meetings.service';
import { seedDemoReportMeetings } from './demo-report-meetings.service';
import type { DemoSeedProviders } from './demo-seed-providers.service';
import { seedDemoJcbCase } from './demo-jcb-case.service';
import { seedDemoJcbDisputeCase } from './demo-jcb-dispute-case.service';
import { addDemoJcb, seedDemoMeetings } from './demo-meetings.service';
import { demoPlanTitle } from './demo-plan-year.service';
import { seedDemoOfficerDecisions } from './demo-officer-decisions.service';
import { addDemoTemplateOffices } from './demo-templates.service';
import { southamptonLikeDirectory } from './southampton-directory.service';

/** The demo sign-ins README shows; only ever seeded into the demo tenant. */
export const DEMO_PASSWORDS = {
  officer: { email: 'dana.whitlock@example.org', password: 'demo-officer-password' },
  governanceLead: { email: 'lee.morgan@example.org', password: 'demo-governance-password' },
  administrator: { email: 'riley.shaw@example.org', password: 'demo-admin-password' },
} as const;

/** The demo API keys README shows; only ever seeded into the demo tenant. */
export const DEMO_API_KEYS = {
  officer: 'demo-officer-key',
  chiefExecutive: 'demo-chief-executive-key',
  accountableOfficer: 'demo-accountable-officer-key',
  chair: 'demo-hwbb-chair-key',
  member: 'demo-member-key',
} as const;

/** The name of the plan attached to the demo's BCF case, as its documents list it. */
export const DEMO_PLAN_DOCUMENT = 'Better Care Fund plan: narrative plan and planning template';

/**
 * Seeds the demo when the database has no tenants: a Southampton-like tenant and the BCF plan
 * case part-way through (its plan attached, sent for agreement; the Accountable Officer has agreed). The seed's
 * dates (16 Nov, 16 Dec 2021, 9 Jan 2022) are moved to lie ahead of today with the same gaps, so
 * the demo's deadlines are still to come, and the plan is named for the financial year of its
 * submission deadline (the seed's was 2021/22).
 */
export async function seedDemo(
  ds: DataSource,
  clock: Clock,
  nest: DemoSeedProviders,
): Promise<boolean> {
  const { open, send, directory, publishPlan, meetings } = nest;
  const tool = acrossCouncils('tool');
  // Seeding writes a council before there is one to bind: the explicit way across councils
  // (ADR 0015), as a new council's tool does.
  return acrossTenants(() =>
    ds.transaction(async (m) => {
      // One transaction: a failed seed leaves nothing behind, and the next start tries again.
      if (await nest.tenants.anyCouncil(tool, m)) return false;
      const spec = southamptonLikeDirectory({
        slug: 'southampton-demo',
        name: 'Southampton (demo)',
        emailDomain: 'example.org',
        apiKeys: DEMO_API_KEYS,
        delegationFrom: new Date(clock.now().getTime() - 86400_000 * 30),
      });
      // Only the demo has an administrator of its own: test worlds give the role to whom they need.
      spec.people.push({
        key: 'administrator',
        name: 'Riley Shaw',
        email: DEMO_PASSWORDS.administrator.email,
        organisation: 'council',
      });
      addDemoJcb(spec, new Date(clock.now().getTime() - 86400_000 * 30));
      addDemoCabinet(spec);
      // Full Council, to which Cabinet recommends (grant ratification): every elected member.
      addDemoFullCouncil(spec);
      // The offices the other templates' roles name, so that the demo can open a case of each.
      addDemoTemplateOffices(spec, new Date(clock.now().getTime() - 86400_000 * 30));
      // Through the directory's use cases, each change on the council's record, as a council that
      // set itself up would have it.
      const ids = await directory.write(m, clock, spec, {
        key: 'administrator',
        password: DEMO_PASSWORDS.administrator.password,
      });
      // Every person of the demo as the engine's actor (the directory wrote each of ids.people).
      const people: Record<string, Actor> = {};
      for (const id of Object.values(ids.people)) {
        const r = await nest.people.find(tenantScope(ids.tenantId), m, id);
        if (!r) throw new Error(`the demo's person ${id} was not written`);
        people[r.id] = {
          kind: 'person',
          tenantId: ids.tenantId,
          person: {
            id: r.id,
            tenantId: ids.tenantId,
            name: r.name,
            email: r.email,
            isOfficer: r.isOfficer,
          },
        };
      }
      const officer = people[ids.people.officer];
      const today = londonDate(clock.now());
      const submission = addDays(today, 21);
      const { caseId } = await open.open(
        {
          template: 'bcf-delegated-sign-off',
          title: `${demoPlanTitle(submission)}: narrative plan and planning template`,
          dates: {
            submissionDeadline: submission,
            notingDeadline: addDays(submission, 30),
            expectedAssuranceDate: addDays(submission, 54),
          },
          roles: {
            chiefExecutive: ids.offices.ceo,
            accountableOfficer: ids.offices.icbChiefExecutive,
            delegatedApprover: ids.delegations.bcfApproval,
          },
        },
        officer,
        m,
      );
      // The plan its request emails ask the Chief Executive and the Accountable Officer to read,
      // attached before they are sent so that each request's link names it.
      await nest.documents.attach(
        caseId,
        {
          expectedVersion: 1,
          name: DEMO_PLAN_DOCUMENT,
          kind: 'plan',
          mediaType: 'application/pdf',
          contentBase64: onePagePdf(`${demoPlanTitle(submission)} (demo)`).toString('base64'),
        },
        officer,
        { manager: m },
      );
      await send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, officer, {
        expectedVersion: 2,
        manager: m,
      });
      // The JCB's contract award, a key decision in a forward plan published two months before its
      // meeting, held today: the newcomer records its show of hands and walks it to the register.
      const jcb = await seedDemoJcbCase(m, { open, send, publishPlan }, { ids, people, today });
      await seedDemoMeetings(m, meetings, {
        jcbDate: jcb.meetingDate,
        jcbCaseId: jcb.caseId,
        jcbPlanPublishedOn: jcb.planPublishedOn,
        tenantId: ids.tenantId,
        today,
        jcbBodyId: ids.bodies.jcb,
        hwbbBodyId: ids.bodies.hwbb,
        officerId: ids.people.officer,
        bcfCaseId: caseId,
        bcfPlanTitle: demoPlanTitle(submission),
        notingDeadline: addDays(submission, 30),
      });
      // Cabinet's and Full Council's meetings on which a grant's recommendation and decision are
      // voted (grant ratification, opened in the demo on their days: demo-templates.service.ts).
      await seedDemoGrantMeetings(m, meetings, {
        tenantId: ids.tenantId,
        today,
        cabinetBodyId: ids.bodies.cabinet,
        councilBodyId: ids.bodies.fullCouncil,
        officerId: ids.people.officer,
      });
      // The JCB's and the HWBB's meetings on which the BCF reports are signed off and noted (the
      // quarterly performance report, opened in the demo on the first's day).
      await seedDemoReportMeetings(m, meetings, {
        tenantId: ids.tenantId,
        today,
        jcbBodyId: ids.bodies.jcb,
        hwbbBodyId: ids.bodies.hwbb,
        officerId: ids.people.officer,
      });
      // A JCB matter referred back today on which the partners differ: a dispute for the Leader
      // and the ICB's chair (ToR 9.1).
      await seedDemoJcbDisputeCase(m, { open, send }, { ids, people, today });
      // Officer decisions: a key decision in today's forward plan, and one in the register.
      await seedDemoOfficerDecisions(m, { open, send, publishPlan }, { ids, people, today });
      await directory.addStaffAccount(m, {
        tenantId: ids.tenantId,
        personId: ids.people.officer,
        role: 'officer',
        password: DEMO_PASSWORDS.officer.password,
        at: clock.now(),
      });
      await directory.addStaffAccount(m, {
        tenantId: ids.tenantId,
        personId: ids.people.governanceLead,
        role: 'governance_lead',
        password: DEMO_PASSWORDS.governanceLead.password,
        at: clock.now(),
      });
      const ao = people[ids.people.ao];
      await send.send(
        caseId,
        { type: 'AGREE', payload: { comments: 'Agreed for the Integrated Care Board.' } },
        ao,
        {
          expectedVersion: 3,
          manager: m,
        },
      );
      return true;
    }),
  );
}
