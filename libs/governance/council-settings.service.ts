import { z } from 'zod';
import { callInSettingsSchema } from './call-in.service';
import { caseReferenceSettingsSchema } from './case-reference.service';
import { CouncilCalendar, councilCalendarSettingsSchema } from './clear-days.service';
import type { InterestSettings } from './interests.service';

/**
 * A council's own settings for the rules: its extra closure days and whether weekends count as
 * clear days, whether a member barred by a pecuniary interest must leave the room, its call-in
 * period, and the prefix of its cases' references. Every field has a default, so a council that
 * sets nothing gets the common practice.
 */
export const councilSettingsSchema = z
  .object({
    calendar: councilCalendarSettingsSchema.default({
      extraClosures: [],
      weekendsCountAsClearDays: false,
    }),
    interests: z
      .object({ dpiMemberMustLeaveRoom: z.boolean().default(false) })
      .strict()
      .default({ dpiMemberMustLeaveRoom: false }),
    callIn: callInSettingsSchema.default(callInSettingsSchema.parse({})),
    /** Its cases' references' prefix; none: its name's initials (case-reference.service.ts). */
    caseReferences: caseReferenceSettingsSchema.optional(),
  })
  .strict();

export type CouncilSettings = z.infer<typeof councilSettingsSchema>;

/** The rules' inputs built from a council's settings. */
export function ruleSettings(settings: unknown): {
  calendar: CouncilCalendar;
  interests: InterestSettings;
  raw: CouncilSettings;
} {
  const raw = councilSettingsSchema.parse(settings ?? {});
  return { calendar: new CouncilCalendar(raw.calendar), interests: raw.interests, raw };
}
