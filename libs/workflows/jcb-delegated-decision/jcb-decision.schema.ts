import { z } from 'zod';
import { callInPeriod } from '../../governance/call-in.service';
import { councilRules } from '../council-context.service';
import { delegationCheck } from './jcb-delegation.service';
import { isoDate, personId, refused, text } from './jcb-payload-parts.schema';

/**
 * The decision recorded under the JCB delegation (RECORD_DECISION; ToR 8.1, 8.4), refused outside
 * the delegation, and the Decision Notice's publication with its call-in period (RECORD_PUBLICATION;
 * ToR 6.8, 10.1): versions 1 to 3.
 */

/** Versions 1 to 3: the seat missing or not one of the two, in words (no trace recorded this line). */
export const ACTING_AS_CCG =
  'choose whether the decision maker acts as a Cabinet member or as a member for the clinical commissioning group (CCG)';

/**
 * What a decision says, recorded (RECORD_DECISION) or drafted (version 3's DRAFT_DECISION), with the
 * seat its maker acts in as the version names it.
 */
export const decisionFields = <A extends z.ZodType<string>>(actingAs: A) => ({
  decision: text('decision'),
  reasons: text('reasons for the decision'),
  alternativesRejected: z.array(text('alternative considered and rejected')).max(20).default([]),
  amount: z
    .number()
    .nonnegative('the amount is a sum in pounds, 0 or more')
    .nullable()
    .default(null),
  actingAs,
});

export const decisionPayload = z
  .object({
    decidedOn: isoDate,
    ...decisionFields(
      z.enum(['cabinetMember', 'ccgMember'], {
        message: ACTING_AS_CCG,
      }),
    ),
    cabinetMembersAgreeing: z.array(personId).max(10).default([]),
    /** Written by the template: the delegation check, line by line. */
    delegationCheck: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const c = delegationCheck(p);
    if (!c.ok) refused(ctx, c.code, c.explanation, ['amount']);
  })
  .overwrite((p) => ({ ...p, delegationCheck: delegationCheck(p).explanation }));

export const publicationPayload = z
  .object({
    publishedOn: isoDate,
    /** Written by the template from callInPeriod(): the last day of call-in and the day after. */
    callInEndsOn: isoDate.optional(),
    implementableFrom: isoDate.optional(),
    explanation: z.array(z.string()).optional(),
  })
  .strict()
  .overwrite((p) => {
    const rules = councilRules();
    const period = callInPeriod(p.publishedOn, rules.calendar, rules.raw.callIn);
    return {
      ...p,
      callInEndsOn: period.endsOn,
      implementableFrom: period.implementableFrom,
      explanation: period.explanation,
    };
  });
