import type { DataSource } from 'typeorm';
import { buildJcbWorld } from './jcb-world.factory';
import { meetingsHarness } from './meetings-harness.service';

/** The Joint Commissioning Board's meeting of Thu 4 Sep 2025 (seed 002). */
export const JCB_MEETING_DATE = '2025-09-04';

/**
 * A JCB council of its own with the Board's meeting of 4 September 2025 scheduled by its officer,
 * and the meetings' use cases on a clock the test drives.
 */
export async function scheduledJcbMeeting(ds: DataSource) {
  const h = meetingsHarness(ds);
  const world = await buildJcbWorld(ds);
  const officer = world.actors.officer;
  const meetingId = await h.schedule.schedule(
    { body: world.ids.bodies.jcb, meetingDate: JCB_MEETING_DATE, title: 'JCB, 4 September 2025' },
    officer,
  );
  return { h, world, officer, meetingId };
}
