import { z } from 'zod';
import { zodProblems } from '../core/zod-problems.service';
import { InvalidInputError } from '../errors/domain.errors';
import { generalExceptionSchema, urgencyAgreementSchema } from '../governance/notices.service';
import { calendarDate } from '../governance/working-day-calendar.service';

/** What officers send to record a meeting's business; a body that does not fit is refused whole. */

const isoDate = (what: string) =>
  calendarDate(`write ${what} as YYYY-MM-DD`, `${what} is not a real calendar date`);
const text = (what: string, max = 500) =>
  z
    .string({ message: `give ${what}` })
    .trim()
    .min(1, `give ${what}`)
    .max(max, `keep ${what} under ${max} characters`);
const uuid = (what: string) =>
  z.string({ message: `give ${what}` }).uuid(`${what} is an id (UUID)`);

export const scheduleBody = z
  .object({ body: uuid('body'), meetingDate: isoDate('meetingDate'), title: text('title', 200) })
  .strict();

/** The lawful routes around a notice that fell short (2012 Regulations regs 10, 11, 5 and 7). */
export const noticeRoutesBody = z
  .object({
    generalException: generalExceptionSchema.optional(),
    specialUrgency: urgencyAgreementSchema.optional(),
    lateItemSpecialCircumstances: text('lateItemSpecialCircumstances', 2000).optional(),
    privateUrgency: urgencyAgreementSchema.optional(),
  })
  .strict();

export type NoticeRoutes = z.infer<typeof noticeRoutesBody>;

export const agendaItemBody = z
  .object({
    noticeRoutes: noticeRoutesBody.optional(),
    title: text('title', 300),
    caseId: uuid('caseId').optional(),
    keyDecision: z.boolean({ message: 'say whether the item is a key decision (true or false)' }),
    forwardPlanPublishedOn: isoDate('forwardPlanPublishedOn').optional(),
    part2Reasons: text('part2Reasons', 2000).optional(),
    privateNoticePublishedOn: isoDate('privateNoticePublishedOn').optional(),
    reportPublishedOn: isoDate('reportPublishedOn').optional(),
  })
  .strict();

export const publicationBody = z
  .object({ agendaPublishedOn: isoDate('agendaPublishedOn') })
  .strict();

export const attendanceBody = z
  .array(
    z
      .object({
        personId: uuid('personId'),
        status: z.enum(['present', 'apologies', 'absent'], {
          message: 'status is present, apologies or absent',
        }),
        substituteFor: uuid('substituteFor').optional(),
      })
      .strict(),
    { message: 'send the whole attendance as a list of {personId, status, substituteFor?}' },
  )
  .max(200, 'at most 200 people');

export const declarationBody = z
  .object({
    personId: uuid('personId'),
    kind: z.enum(['disclosablePecuniary', 'other'], {
      message: 'kind is disclosablePecuniary or other',
    }),
    details: text('details', 2000),
    dispensation: z
      .object({
        id: text('dispensation.id', 100),
        grantor: text('dispensation.grantor', 200),
        ground: z.enum([
          'impedesTransactionOfBusiness',
          'politicalBalance',
          'inhabitantsInterests',
          'wholeExecutiveProhibited',
          'otherwiseAppropriate',
        ]),
        relievesFrom: z.array(z.enum(['discussion', 'vote'])).min(1),
        grantedOn: isoDate('dispensation.grantedOn'),
        endsOn: isoDate('dispensation.endsOn'),
      })
      .strict()
      .optional(),
    /** A dispensation from the register (POST /api/dispensations), instead of one given inline. */
    dispensationId: z
      .string()
      .uuid('dispensationId is the id of a dispensation in the register')
      .optional(),
  })
  .strict();

export const showOfHandsBody = z
  .object({
    hands: z
      .array(
        z
          .object({
            personId: uuid('personId'),
            hand: z.enum(['for', 'against', 'abstain'], {
              message: 'hand is for, against or abstain',
            }),
          })
          .strict(),
      )
      .max(200),
    chairChoice: z
      .object({
        outcome: z.enum(['deferred', 'referredBack'], {
          message: 'chairChoice.outcome is deferred or referredBack',
        }),
        consultedThosePresent: z.boolean(),
      })
      .strict()
      .optional(),
    /** On a tie under a majority rule: the person presiding's casting vote (LGA 1972 Sch 12 para 39). */
    castingVote: z
      .object({
        presidingPersonId: uuid('castingVote.presidingPersonId'),
        hand: z.enum(['for', 'against'], { message: 'castingVote.hand is for or against' }),
      })
      .strict()
      .optional(),
    /** For an item linked to a case: the case version the officer read (a stale one is refused). */
    expectedCaseVersion: z
      .number({ message: 'expectedCaseVersion is the case’s version, a whole number' })
      .int('expectedCaseVersion is a whole number')
      .positive('expectedCaseVersion is 1 or more')
      .optional(),
  })
  .strict();

export const minutesBody = z
  .object({
    previousMeetingId: uuid('previousMeetingId'),
    amendments: z.array(text('each amendment', 2000)).max(100),
  })
  .strict();

/** The member who presided at the meeting that approved an earlier meeting's minutes, who signs them. */
export const minutesSignerBody = z
  .object({
    previousMeetingId: uuid('previousMeetingId'),
    presidingPersonId: z
      .string({ message: 'choose the member who presided' })
      .uuid('choose the member who presided'),
  })
  .strict();

export const listQuery = z
  .object({
    body: uuid('body').optional(),
    limit: z.coerce.number().int().min(1).max(200, 'limit must be at most 200').default(50),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000, 'offset must be at most 1000000')
      .default(0),
  })
  .strict();

export type DeclarationInput = z.infer<typeof declarationBody>;

export function parse<S extends z.ZodTypeAny>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new InvalidInputError(
      `The ${what} is not valid: fix the fields listed in problems.`,
      zodProblems(r.error),
    );
  return r.data;
}
