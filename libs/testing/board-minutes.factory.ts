import type { directoryAppHarness } from './directory-app-harness.service';
import type { DirectoryWorld } from './directory-world.factory';

/** The Board's meeting whose minutes are approved, and the meeting that approves them (2021). */
export const EARLIER = '2021-10-20';
export const LATER = '2021-11-17';

type Attendance = Record<string, 'present' | 'apologies'>;

/*
 * The Health and Wellbeing Board's minutes through the meetings API, as the minutes specs set them
 * up (test/minutes-*.e2e-spec.ts, directory-import-seat-hand-over): a meeting scheduled, and the
 * minutes of 20 October opened as a case and approved at the meeting of 17 November.
 */
export function boardMinutes(h: ReturnType<typeof directoryAppHarness>) {
  const { clock, server, as } = h;

  async function meeting(w: DirectoryWorld, meetingDate: string): Promise<string> {
    const made = await server()
      .post('/api/meetings')
      .set(as(w.keys.officer))
      .send({ body: w.ids.bodies.hwbb, meetingDate, title: `Board meeting, ${meetingDate}` })
      .expect(201);
    return made.body.id as string;
  }

  /**
   * A case that is the minutes of 20 October (on `templateVersion`, else the current version),
   * approved at the meeting of 17 November with `attendance` recorded (by default the chair, the
   * GP, Healthwatch and the Cabinet member present); the case's id.
   */
  async function approvedOnTheLaterDay(
    w: DirectoryWorld,
    opts: { templateVersion?: number; attendance?: Attendance } = {},
  ): Promise<string> {
    const attendance = opts.attendance ?? {
      chair: 'present',
      gp: 'present',
      healthwatch: 'present',
      cabinet: 'present',
    };
    clock.set('2021-11-01T10:00:00Z');
    const earlier = await meeting(w, EARLIER);
    const later = await meeting(w, LATER);
    const opened = await server()
      .post('/api/cases')
      .set(as(w.keys.officer))
      .send({
        template: 'minutes-approval',
        ...(opts.templateVersion ? { templateVersion: opts.templateVersion } : {}),
        title: 'HWBB minutes of 20 October 2021',
        dates: { meetingDate: EARLIER, nextMeetingDate: LATER },
        roles: { chair: w.ids.bodies.hwbb },
      })
      .expect(201);
    clock.set(`${LATER}T19:00:00Z`);
    await server()
      .put(`/api/meetings/${later}/attendance`)
      .set(as(w.keys.officer))
      .send(
        Object.entries(attendance).map(([k, status]) => ({ personId: w.ids.people[k], status })),
      )
      .expect(200);
    await server()
      .post(`/api/meetings/${later}/minutes-approval`)
      .set(as(w.keys.officer))
      .send({ previousMeetingId: earlier, amendments: [] })
      .expect(201);
    return opened.body.id as string;
  }

  return { meeting, approvedOnTheLaterDay };
}
