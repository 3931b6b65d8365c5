import type { EntityManager } from 'typeorm';
import type { DemoMeetingRows } from './demo-meeting-rows.service';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { addJcbAuthorities } from './jcb-authorities.service';
import { dateInWords } from '../notifications/email-message.service';
import { addDays } from '../governance/working-day-calendar.service';

/**
 * The demo's Joint Commissioning Board (seed 002): its seats (ToR 7.1: three Cabinet members for the
 * council and three CCG Governing Body members), a Cabinet member who may substitute, and the
 * offices its decisions are taken under (jcb-authorities.service.ts).
 */
export function addDemoJcb(spec: TenantSpec, delegationFrom: Date): void {
  const at = (local: string) => `${local}@example.org`;
  spec.people.push(
    {
      key: 'cabinet2',
      name: 'Cllr Rosa Patel',
      email: at('rosa.patel'),
      organisation: 'council',
      isElectedMember: true,
    },
    {
      key: 'cabinet3',
      name: 'Cllr Tom Ellis',
      email: at('tom.ellis'),
      organisation: 'council',
      isElectedMember: true,
    },
    { key: 'ccg2', name: 'Dr Nia Evans', email: at('nia.evans'), organisation: 'ccg' },
    { key: 'ccg3', name: 'Dr Ian Cole', email: at('ian.cole'), organisation: 'ccg' },
    {
      key: 'cabinetSub',
      name: 'Cllr Maya Green',
      email: at('maya.green'),
      organisation: 'council',
      isElectedMember: true,
    },
    { key: 'proper', name: 'Gail Price', email: at('gail.price'), organisation: 'council' },
    {
      key: 'scrutinyChair',
      name: 'Cllr Jan Cole',
      email: at('jan.cole'),
      organisation: 'council',
      isElectedMember: true,
    },
  );
  addJcbAuthorities(
    spec,
    { cabinetHealth: 'cabinet', properOfficer: 'proper', scrutinyChair: 'scrutinyChair' },
    delegationFrom,
  );
  for (const [person, organisation] of [
    ['cabinet', 'council'],
    ['cabinet2', 'council'],
    ['cabinet3', 'council'],
    ['gp', 'ccg'],
    ['ccg2', 'ccg'],
    ['ccg3', 'ccg'],
  ] as const)
    spec.memberships.push({
      body: 'jcb',
      person,
      role: person === 'cabinet' ? 'chair' : 'member',
      organisation,
      validFrom: '2021-05-01',
    });
  // The scheme both partners agreed (ToR 7.1): Cllr Maya Green may sit for any Cabinet member.
  spec.substitutes = [
    ...(spec.substitutes ?? []),
    ...(['cabinet', 'cabinet2', 'cabinet3'] as const).map((member) => ({
      body: 'jcb',
      member,
      person: 'cabinetSub',
      validFrom: '2021-05-01',
      reference: 'JCB inaugural meeting, minute 4: substitution scheme (ToR 7.1)',
    })),
  ];
}

/** The first Thursday on or after `date` (the Boards meet on Thursdays in the seeds). */
export function thursdayFrom(date: string): string {
  let d = date;
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 4) d = addDays(d, 1);
  return d;
}

/**
 * The Health and Wellbeing Board's meetings of the demo's minutes (minutes-approval, version 2 on):
 * one held five weeks or so before today (a Thursday), whose minutes the Board approves at its
 * meeting today; a case opened with these dates is those minutes, approved from today's meeting.
 */
export function demoMinutesDates(today: string): { meetingDate: string; nextMeetingDate: string } {
  return { meetingDate: thursdayFrom(addDays(today, -35)), nextMeetingDate: today };
}

/**
 * Meetings for the meeting pages: the JCB, meeting today, with a
 * contract award on its agenda (so a newcomer can record its show of hands and walk the decision
 * to the public register the day they run the demo), and the Health and Wellbeing Board ahead,
 * which notes the Chair's delegated approval of the BCF plan. Written directly, like the
 * directory: the seed is one transaction, the meetings use case opens its own.
 */
export async function seedDemoMeetings(
  m: EntityManager,
  rows: DemoMeetingRows,
  opts: {
    tenantId: string;
    today: string;
    jcbBodyId: string;
    hwbbBodyId: string;
    officerId: string;
    bcfCaseId: string;
    /** The BCF plan as people name it (demo-plan-year.service.ts). */
    bcfPlanTitle: string;
    notingDeadline: string;
    jcbDate: string;
    jcbCaseId: string;
    jcbPlanPublishedOn: string;
  },
): Promise<void> {
  const meeting = (
    bodyId: string,
    date: string,
    title: string,
    held?: { scheduledOn: string; agendaPublishedOn: string },
  ) =>
    rows.insert(m, {
      tenantId: opts.tenantId,
      bodyId,
      date,
      title,
      officerId: opts.officerId,
      held,
    });
  // Each item at the end of its meeting's agenda, in the order written here.
  const item = (
    meetingId: string,
    title: string,
    caseId: string | null,
    forwardPlanPublishedOn: string | null = null,
  ) => rows.addItem(m, opts.tenantId, meetingId, { title, caseId, forwardPlanPublishedOn });
  // Scheduled two months before and its agenda published two weeks before (more than the 5
  // clear days reg 7 asks, holidays included): a history that could have happened.
  const jcb = await meeting(
    opts.jcbBodyId,
    opts.jcbDate,
    `Joint Commissioning Board, ${dateInWords(opts.jcbDate)}`,
    { scheduledOn: addDays(opts.jcbDate, -60), agendaPublishedOn: addDays(opts.jcbDate, -14) },
  );
  // A key decision, in the forward plan published 60 days before the meeting (demo-jcb-case): the
  // meeting reads the plan's day from the published plan, as the case does.
  await item(
    jcb,
    'Integrated carers support service: contract award',
    opts.jcbCaseId,
    opts.jcbPlanPublishedOn,
  );
  await item(jcb, 'Community equipment service: extension of the pooled budget', null);
  // The HWBB's meeting of some weeks ago, and its meeting today, which approves that meeting's
  // minutes (the demo's minutes case is linked to them: demo-templates.service.ts).
  const minutes = demoMinutesDates(opts.today);
  const held = (date: string) => ({
    scheduledOn: addDays(date, -60),
    agendaPublishedOn: addDays(date, -14),
  });
  await meeting(
    opts.hwbbBodyId,
    minutes.meetingDate,
    `Health and Wellbeing Board, ${dateInWords(minutes.meetingDate)}`,
    held(minutes.meetingDate),
  );
  const hwbbToday = await meeting(
    opts.hwbbBodyId,
    opts.today,
    `Health and Wellbeing Board, ${dateInWords(opts.today)}`,
    held(opts.today),
  );
  await item(hwbbToday, 'Minutes of the previous meeting', null);
  const hwbbDate = thursdayFrom(addDays(opts.notingDeadline, -14));
  const hwbb = await meeting(
    opts.hwbbBodyId,
    hwbbDate,
    `Health and Wellbeing Board, ${dateInWords(hwbbDate)}`,
  );
  await item(
    hwbb,
    `${opts.bcfPlanTitle}: to note the Chair’s approval under delegation`,
    opts.bcfCaseId,
  );
}
