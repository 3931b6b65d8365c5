import { z } from 'zod';
import {
  checkNotices,
  generalExceptionSchema,
  urgencyAgreementSchema,
} from '../../governance/notices.service';
import { councilRules } from '../council-context.service';
import { isoDate, refused, text } from './jcb-payload-parts.schema';

/**
 * RECORD_NOTICES (ToR 6.8, 6.10; 2012 Regulations regs 5, 7, 9-11): the forward plan and report
 * publication dates, any Part 2 notice and its reasons, checked against the meeting date; each
 * notice rule's verdict is written into the payload for the machine.
 */

const verdict = z.object({ code: z.string(), met: z.boolean(), explanation: z.array(z.string()) });

export const noticesFacts = z
  .object({
    meetingDate: isoDate,
    itemTitle: text('item title'),
    keyDecision: z.boolean({ message: 'say whether it is a key decision (true or false)' }),
    forwardPlanPublishedOn: isoDate.nullable().optional(),
    reportPublishedOn: isoDate.nullable().optional(),
    lateItemSpecialCircumstances: text('special circumstances').nullable().optional(),
    /** The general exception (reg 10) or special urgency (reg 11) when the forward plan notice fell short. */
    generalException: generalExceptionSchema.nullable().optional(),
    specialUrgency: urgencyAgreementSchema.nullable().optional(),
    privateItem: z
      .object({
        noticePublishedOn: isoDate.nullable(),
        reasons: text('reasons').nullable(),
        urgency: urgencyAgreementSchema.nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
    /** Written by the template: the notice rules' verdicts. */
    verdicts: z.array(verdict).optional(),
  })
  .strict();

export type NoticesFacts = z.infer<typeof noticesFacts>;

export function noticeVerdicts(p: NoticesFacts) {
  return checkNotices(
    {
      itemTitle: p.itemTitle,
      meetingOn: p.meetingDate,
      keyDecision: p.keyDecision,
      forwardPlanPublishedOn: p.forwardPlanPublishedOn ?? null,
      generalException: p.generalException ?? null,
      specialUrgency: p.specialUrgency ?? null,
      reportPublishedOn: p.reportPublishedOn ?? null,
      lateItemSpecialCircumstances: p.lateItemSpecialCircumstances ?? null,
      privateItem: p.privateItem
        ? {
            noticePublishedOn: p.privateItem.noticePublishedOn,
            reasons: p.privateItem.reasons,
            urgency: p.privateItem.urgency ?? null,
          }
        : null,
    },
    councilRules().calendar,
  );
}

/** Refused when the meeting date breaks a notice rule; the verdicts written for the machine. */
export const noticesPayload = noticesFacts
  .superRefine((p, ctx) => {
    for (const v of noticeVerdicts(p).verdicts.filter((x) => !x.met))
      refused(ctx, v.code, v.explanation);
  })
  .overwrite((p) => ({
    ...p,
    verdicts: noticeVerdicts(p).verdicts.map((v) => ({
      code: v.code,
      met: v.met,
      explanation: v.explanation,
    })),
  }));
