import { z } from 'zod';
import type { MeetingPeopleClaim } from '../../governance/meeting-people.service';
import { JCB_QUORUM } from '../../governance/quorum.service';
import { jcbMeetingPayloads } from './jcb-meeting-payloads.service';
import { isoDate } from './jcb-payload-parts.schema';

/**
 * The meeting as versions 1 to 3 take it (ToR 7.1, 8.1-8.3, 11.1): the seed's two partners, council
 * and CCG, with the seed's quorum, and the people a meeting event names, which the engine checks
 * against the Board's seats.
 */

const PARTNERS = ['council', 'ccg'];

export const SEED_MEETING = jcbMeetingPayloads({
  partner: z.enum(['council', 'ccg'], { message: 'partner must be council or ccg' }),
  quorum: () => JCB_QUORUM,
  blocs: () => PARTNERS,
});
export const assessMeeting = SEED_MEETING.assessMeeting;
export type MeetingFactsInput = z.input<typeof SEED_MEETING.meetingFacts>;

/**
 * The people a meeting event names (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS; every version), read
 * off the payload as sent: the engine checks them against the Board's seats in the directory on the
 * meeting date before the payload's own rules run, so that an attendance, a declaration or a hand
 * from someone who is neither a member nor a substitute allowed for a member's seat is refused as
 * such, and the members the payload lists (whose partners the quorum counts) are the Board's real
 * seats. Read loosely (no rules, unknown fields ignored): a payload this cannot read is left to
 * the template's validation, which refuses it.
 */
const meetingPeopleRead = z.object({
  meeting: z.object({
    meetingDate: isoDate,
    members: z.array(z.object({ personId: z.string(), name: z.string(), partner: z.string() })),
    attendance: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        status: z.enum(['present', 'apologies', 'absent']),
        substituteFor: z.string().optional(),
      }),
    ),
    declarations: z.array(z.object({ personId: z.string() })).default([]),
  }),
  hands: z.array(z.object({ personId: z.string() })).default([]),
});

export function jcbMeetingPeople(type: string, payload: unknown): MeetingPeopleClaim | null {
  if (type !== 'RECORD_ATTENDANCE' && type !== 'RECORD_SHOW_OF_HANDS') return null;
  const read = meetingPeopleRead.safeParse(payload);
  if (!read.success) return null;
  const { meeting, hands } = read.data;
  return {
    meetingDate: meeting.meetingDate,
    members: meeting.members,
    attendance: meeting.attendance,
    declarations: meeting.declarations,
    hands,
  };
}
