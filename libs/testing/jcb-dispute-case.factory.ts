import type { INestApplication } from '@nestjs/common';
import type { ManualClock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { HttpCases } from './http-cases.service';
import { jcbHands, jcbMeetingFacts, type JcbWorld } from './jcb-world.factory';

/** The meeting of Thu 4 Sep 2025 at which a case from these factories is decided. */
export const JCB_CASE_MEETING = '2025-09-04';

/** The council's cases through the API as its officer sends them. */
const asTheOfficer = (app: INestApplication, world: JcbWorld) =>
  new HttpCases(
    () => app,
    () => world.keys.officer,
  );

/**
 * A new JCB case (the current version, or `templateVersion`) before the attendance of the meeting
 * of Thu 4 Sep 2025, through the API as the officer sends it: its matter described and its notices
 * recorded (report published Wed 20 Aug 2025). The clock is left on the meeting's evening.
 */
export async function jcbCaseWithNotices(
  app: INestApplication,
  world: JcbWorld,
  clock: ManualClock,
  title: string,
  templateVersion?: number,
): Promise<CaseView> {
  const cases = asTheOfficer(app, world);
  clock.set(new Date('2025-08-01T09:00:00Z'));
  let c = await cases.open({
    template: 'jcb-delegated-decision',
    ...(templateVersion ? { templateVersion } : {}),
    title,
    dates: { meetingDate: JCB_CASE_MEETING },
    roles: world.jcbV7Roles,
  });
  c = await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
    summary: title,
    keyDecision: false,
    documents: ['Report of the Director of Adult Social Care'],
    representations: 'Write to democratic.services@example.org',
  });
  clock.set(new Date('2025-08-21T09:00:00Z'));
  c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
    meetingDate: JCB_CASE_MEETING,
    itemTitle: title,
    reportPublishedOn: '2025-08-20',
  });
  clock.set(new Date(`${JCB_CASE_MEETING}T18:00:00Z`));
  return c;
}

/**
 * A {@link jcbCaseWithNotices} at its show of hands: the meeting's attendance recorded (`meeting`,
 * by default every member present).
 */
export async function jcbCaseAtTheShowOfHands(
  app: INestApplication,
  world: JcbWorld,
  clock: ManualClock,
  title: string,
  opts: { templateVersion?: number; meeting?: object } = {},
): Promise<CaseView> {
  const c = await jcbCaseWithNotices(app, world, clock, title, opts.templateVersion);
  return asTheOfficer(app, world).act(c, 'officer', 'RECORD_ATTENDANCE', {
    meeting: opts.meeting ?? jcbMeetingFacts(world, JCB_CASE_MEETING),
  });
}

/**
 * A new JCB case (the current version, or `templateVersion`) in dispute, through the API as the officer sends it: the
 * Chair referred it back at the meeting of Thu 4 Sep 2025 (one ICB member against), Cabinet
 * supports it and the ICB's board does not (Thu 18 Sep), so the Leader of the Council and the
 * ICB's chair are emailed their links (ToR 9.1). The clock is left on Mon 22 Sep 2025.
 */
export async function jcbCaseInDispute(
  app: INestApplication,
  world: JcbWorld,
  clock: ManualClock,
  title: string,
  templateVersion?: number,
): Promise<CaseView> {
  const cases = asTheOfficer(app, world);
  let c = await jcbCaseAtTheShowOfHands(app, world, clock, title, { templateVersion });
  c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', {
    meeting: jcbMeetingFacts(world, JCB_CASE_MEETING),
    hands: jcbHands(world, { ccg2: 'against' }),
    chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
  });
  clock.set(new Date('2025-09-18T12:00:00Z'));
  const decided = (outcome: string) => ({
    decidedOn: '2025-09-18',
    outcome,
    minuteReference: 'Minute 2025-09-18',
  });
  c = await cases.act(c, 'officer', 'RECORD_CABINET_DECISION', decided('supports'));
  c = await cases.act(c, 'officer', 'RECORD_PARTNER_BOARD_DECISION', decided('doesNotSupport'));
  clock.set(new Date('2025-09-22T10:00:00Z'));
  return c;
}
