import { z } from 'zod';

/**
 * Who a contentious application is circulated to and who is consulted (seed 002, item 7, para 8
 * and recommendation (ii)), for the NHS commissioner a version names: version 1 the CCG, version 2
 * the Integrated Care Board that took over its duties (a consultee given as a CCG is then refused,
 * saying why). The consultee, the circulation list and the meeting's attendees are built here once
 * for both, so that a version differs from the one before only in its commissioner.
 */

export interface CirculationCommissioner {
  /** The commissioner's key on the list (a category, and whom an HWBB member represents). */
  key: 'ccg' | 'icb';
  abbreviation: 'CCG' | 'ICB';
  /** The commissioner in words, as a missing category is named. */
  words: string;
  /** The Cabinet member on the list, in words. */
  cabinetMember: string;
  /** A key no longer taken and why, said instead of the list of keys. */
  refused?: { key: string; why: string };
}

export const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const declaration = text('declaration of interests (write "none" if there is none)');

/** The events whose payloads name consultees, for a version's commissioner and calendar date. */
export function circulationPayloads(nhs: CirculationCommissioner, isoDate: z.ZodType<string>) {
  const CATEGORIES = [
    'hwbbChair',
    'wardMember',
    'cabinetMember',
    nhs.key,
    'publicHealth',
    'planningPolicy',
    'scrutinyChair',
    'healthwatch',
    'hwbbMember',
  ] as const;
  type Category = (typeof CATEGORIES)[number];

  const CATEGORY_WORDS: Record<Category, string> = {
    hwbbChair: 'the Chair of the Health and Wellbeing Board',
    wardMember: 'a relevant ward member',
    cabinetMember: nhs.cabinetMember,
    [nhs.key]: nhs.words,
    publicHealth: 'the Public Health team',
    planningPolicy: 'the Planning Policy team',
    scrutinyChair: 'the Chair of the Health Overview and Scrutiny Panel',
    healthwatch: 'Healthwatch',
    hwbbMember: 'another HWBB member',
  } as Record<Category, string>;

  /** Seed 002 item 7 para 8: the list the DPH circulates a contentious application to. */
  const REQUIRED_ON_CIRCULATION: Category[] = [
    'cabinetMember',
    'wardMember',
    nhs.key,
    'publicHealth',
    'planningPolicy',
    'scrutinyChair',
    'healthwatch',
  ];

  const refusedOr = (input: unknown, otherwise: string) =>
    nhs.refused && input === nhs.refused.key ? nhs.refused.why : otherwise;

  const category = z.enum(CATEGORIES, {
    error: (issue) => refusedOr(issue.input, `category must be one of ${CATEGORIES.join(', ')}`),
  });

  const consultee = z
    .object({
      name: text('consultee’s name'),
      category,
      represents: z
        .enum(['council', nhs.key], {
          error: (issue) => refusedOr(issue.input, `represents must be council or ${nhs.key}`),
        })
        .optional(),
    })
    .strict()
    .refine((c) => c.category !== 'hwbbMember' || c.represents !== undefined, {
      message: `say whether an HWBB member represents the council or the ${nhs.abbreviation}`,
      path: ['represents'],
    });

  /** The circulation list must cover every category of para 8 and recommendation (ii). */
  const circulationList = z
    .array(consultee)
    .min(1, 'list who the application was circulated to')
    .max(200)
    .superRefine((list, ctx) => {
      const missing = REQUIRED_ON_CIRCULATION.filter((c) => !list.some((r) => r.category === c));
      if (missing.length)
        ctx.addIssue({
          code: 'custom',
          message: `the circulation list is missing ${missing.map((c) => CATEGORY_WORDS[c]).join(', ')}`,
        });
      const members = list.filter((r) => r.category === 'hwbbMember');
      if (
        members.length < 2 ||
        !members.some((m) => m.represents === 'council') ||
        !members.some((m) => m.represents === nhs.key)
      )
        ctx.addIssue({
          code: 'custom',
          message: `circulate to at least 2 other HWBB members, one representing the council and one the ${nhs.abbreviation}`,
        });
    });

  return {
    RECORD_CONSULTATION_RESPONSE: z
      .object({ consultee, respondedOn: isoDate, response: text('response'), declaration })
      .strict(),
    CIRCULATE: z.object({ circulatedOn: isoDate, recipients: circulationList }).strict(),
    RECORD_MEETING: z
      .object({
        meetingDate: isoDate,
        attendees: z
          .array(z.object({ name: text('attendee’s name'), category, declaration }).strict())
          .min(1, 'list who attended')
          .max(200),
        outcome: text('outcome of the discussion'),
      })
      .strict(),
  };
}
