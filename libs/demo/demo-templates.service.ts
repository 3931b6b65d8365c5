import type { TenantIds, TenantSpec } from '../directory/tenant-setup.service';
import { addDays } from '../governance/working-day-calendar.service';
import { demoGrantDates } from './demo-grant-meetings.service';
import { demoMinutesDates } from './demo-meetings.service';
import { demoReportDates } from './demo-report-meetings.service';
import { addJcbDisputeOffices } from './jcb-dispute-offices.service';

/**
 * The offices the demo's templates need beyond the BCF and JCB ones, each held by an invented
 * person at example.org, so that an officer can open a case of every template in the demo with
 * each role bound to the office the seeds name for it: the Director of Public Health (pharmacy
 * representations, seed 002 item 7), the commissioning lead who presents the quarterly BCF report
 * (seed 001), the Service Director who owns a grant report (seed 002 item 9), who also holds the
 * scheme of delegation's officer decisions.
 */
export function addDemoTemplateOffices(spec: TenantSpec, delegationFrom: Date): void {
  const at = (local: string) => `${local}@example.org`;
  // The NHS partner since 1 July 2022 (Health and Care Act 2022): the Integrated Care Board, whose
  // Chief Executive (its Accountable Officer) agrees a BCF plan on version 2 of that template.
  // The seeds' CCG stays, for the templates still on its day; Priya Natarajan, its Accountable
  // Officer, is the ICB's Chief Executive.
  spec.organisations.push({
    key: 'icb',
    name: 'NHS Hampshire and Isle of Wight Integrated Care Board',
    kind: 'icb',
  });
  const ao = spec.people.find((p) => p.key === 'ao');
  if (ao) ao.organisation = 'icb';
  spec.people.push(
    { key: 'dph', name: 'Dr Jordan Hart', email: at('jordan.hart'), organisation: 'council' },
    {
      key: 'commissioningLead',
      name: 'Kim Adeyemi',
      email: at('kim.adeyemi'),
      organisation: 'council',
    },
    {
      key: 'serviceDirector',
      name: 'Robin Achebe',
      email: at('robin.achebe'),
      organisation: 'council',
    },
    { key: 'icbChair', name: 'Dr Tamsin Okafor', email: at('tamsin.okafor'), organisation: 'icb' },
  );
  // A JCB dispute goes to the Leader (who chairs Cabinet: demo-cabinet.service.ts) and the ICB's Chair.
  addJcbDisputeOffices(spec, { leader: 'leader', icbChair: 'icbChair' });
  spec.offices.push(
    {
      key: 'icbChiefExecutive',
      title: 'Chief Executive, NHS Hampshire and Isle of Wight Integrated Care Board',
      organisation: 'icb',
      holder: 'ao',
    },
    {
      key: 'dph',
      title: 'Director of Public Health, Southampton City Council',
      organisation: 'council',
      holder: 'dph',
    },
    {
      key: 'commissioningLead',
      title: 'Senior Commissioning Manager, Integrated Commissioning Unit',
      organisation: 'council',
      holder: 'commissioningLead',
    },
    {
      key: 'serviceDirector',
      title: 'Service Director, Adults, Housing and Communities',
      organisation: 'council',
      holder: 'serviceDirector',
    },
  );
  // The HWBB's Vice-Chair (Dr Sam Okafor) approves the BCF plan in the Chair's absence: the deputy
  // the Chair names when marking themselves away (absence cover, ADR 0033).
  spec.offices.push({
    key: 'hwbbViceChair',
    title: 'Vice-Chair, Southampton Health and Wellbeing Board',
    organisation: 'ccg',
    holder: 'gp',
  });
  spec.delegations.push({
    key: 'bcfApprovalVice',
    body: 'hwbb',
    office: 'hwbbViceChair',
    scope: 'bcf-plan-approval',
    reference:
      'HWBB resolution delegating BCF plan sign-off to the Vice-Chair in the Chair’s absence (demo)',
    validFrom: delegationFrom,
  });
  spec.delegations.push({
    key: 'officerDecision',
    body: 'cabinet',
    office: 'serviceDirector',
    scope: 'officer-delegated-decision',
    reference: 'Scheme of delegation to officers, Part 3 of the Constitution (demo)',
    validFrom: delegationFrom,
  });
}

/** How an officer opens a case of a template in the demo: its roles' offices and its dates. */
export interface DemoOpening {
  roles: Record<string, string>;
  dates: Record<string, string>;
}

/**
 * A case of every template the demo offers, opened on `today` (a London date) with the seeds'
 * office holders and dates moved to lie ahead of today with the seeds' gaps. A template without an
 * opening here cannot be tried in the demo (test/demo-templates.e2e-spec.ts says which).
 */
export function demoOpenings(ids: TenantIds, today: string): Record<string, DemoOpening> {
  const o = ids.offices;
  const d = ids.delegations;
  const ahead = (days: number) => addDays(today, days);
  return {
    'bcf-delegated-sign-off': {
      roles: {
        chiefExecutive: o.ceo,
        accountableOfficer: o.icbChiefExecutive,
        delegatedApprover: d.bcfApproval,
      },
      dates: {
        submissionDeadline: ahead(21),
        notingDeadline: ahead(51),
        expectedAssuranceDate: ahead(75),
      },
    },
    'bcf-board-sign-off': {
      roles: { chiefExecutive: o.ceo, accountableOfficer: o.icbChiefExecutive },
      dates: { nationalDeadline: ahead(42), expectedAssuranceDate: ahead(98) },
    },
    'bcf-quarterly-performance-report': {
      roles: { commissioningLead: o.commissioningLead },
      // On the day of the demo's JCB meeting that signs it off (demo-report-meetings.service.ts).
      dates: { jcbMeetingDate: demoReportDates(today).jcbMeetingDate, submissionDate: ahead(35) },
    },
    // On the days of the demo's Cabinet and Full Council meetings, which vote on it (version 3).
    'grant-ratification': {
      roles: { reportOwner: o.serviceDirector },
      dates: (({ cabinetMeetingDate, councilMeetingDate, ratificationDeadline }) => ({
        cabinetMeetingDate,
        councilMeetingDate,
        ratificationDeadline,
      }))(demoGrantDates(today)),
    },
    // The minutes of the HWBB's earlier meeting, approved at its meeting today (the Board's chair
    // or vice-chair, as its members say, signs; the current version).
    'minutes-approval': {
      roles: { chair: ids.bodies.hwbb },
      dates: demoMinutesDates(today),
    },
    'jcb-delegated-decision': {
      roles: {
        decisionMaker: d.jcbDecision,
        properOfficer: o.properOfficer,
        urgencyApprover: o.scrutinyChair,
        leader: o.leaderOfTheCouncil,
        partnerChair: o.icbChair,
      },
      dates: { meetingDate: ahead(14) },
    },
    'pharmacy-consolidation-representation': {
      roles: { dph: o.dph, hwbbChair: o.chair, scrutinyChair: o.scrutinyChair },
      dates: { notifiedOn: today, responseDeadline: ahead(45) },
    },
    'officer-delegated-decision': {
      roles: { decisionMaker: d.officerDecision },
      dates: { decisionDue: ahead(35) },
    },
  };
}
