import { z } from 'zod';
import { directoryDate, expectedVersion, uuidOf } from '../use-cases/directory-input.service';

/** An absence as the API and the page send it (the person away defaults to the sender). */
export const newAbsenceSchema = z
  .object({
    personId: uuidOf('personId').optional().describe('the person away; by default, you'),
    deputyPersonId: z
      .uuid({ message: 'choose the deputy who covers for you' })
      .describe('the person who covers'),
    delegationId: uuidOf('delegationId')
      .optional()
      .describe('the delegation the deputy covers under; by default the first suitable one'),
    firstDay: directoryDate.describe('the first day away (a London date)'),
    lastDay: directoryDate.describe('the last day away (a London date)'),
    note: z.string().trim().max(500, 'keep the note to 500 characters').optional(),
  })
  .strict();

export const cancelAbsenceSchema = z.object({ expectedVersion }).strict();

export type NewAbsence = z.output<typeof newAbsenceSchema>;
