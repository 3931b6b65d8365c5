import { z } from 'zod';

/** OpenAPI response shapes of absences with a deputy (issue #15, docs/adr/0033). */

const id = z.uuid();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const person = z.object({ id, name: z.string() });

export const absenceResponse = z.object({
  id,
  person: person.describe('the person away'),
  deputy: person.describe('the person who covers'),
  delegation: z
    .object({
      id,
      delegateOfficeTitle: z.string(),
      grantorName: z.string(),
      scope: z.string(),
      reference: z.string(),
    })
    .describe('the delegation the deputy covers under'),
  firstDay: date.describe('the first day away (London)'),
  lastDay: date.describe('the last day away (London)'),
  note: z.string().nullable(),
  covered: z.boolean().describe('whether the open requests have gone to the deputy'),
  cancelled: z.boolean(),
  version: z.number().int().describe('send it back as expectedVersion to cancel'),
});

export const recordedAbsenceResponse = absenceResponse.extend({
  handedOver: z
    .array(
      z.object({
        caseId: id,
        title: z.string(),
        roles: z.array(z.string()).describe('the roles reassigned to the deputy'),
        notCovered: z
          .array(z.string())
          .describe('the roles the deputy’s delegation does not cover'),
      }),
    )
    .describe('the open cases whose roles went to the deputy (an absence that begins today)'),
});

export const absenceListResponse = z.object({ items: z.array(absenceResponse) });
