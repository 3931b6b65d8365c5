import { z } from 'zod';
import type { StaffRole } from './staff-account.entity';

export const STAFF_ROLES = [
  'officer',
  'governance_lead',
  'administrator',
] as const satisfies readonly StaffRole[];

/** Long enough that a guessed or reused short password is not the way in. */
export const MIN_PASSWORD_LENGTH = 12;
/** Sign-in reads at most this much of a password; a longer one could never be typed in. */
export const MAX_PASSWORD_LENGTH = 1000;

export const roleSchema = z.enum(STAFF_ROLES, { error: 'choose a role' });

export const newAccountSchema = z
  .object({
    personId: z.uuid({ error: 'choose the person the account is for' }),
    role: roleSchema,
    password: z
      .string({ error: `enter a password of at least ${MIN_PASSWORD_LENGTH} characters` })
      .min(MIN_PASSWORD_LENGTH, {
        error: `use at least ${MIN_PASSWORD_LENGTH} characters in the password`,
      })
      .max(MAX_PASSWORD_LENGTH, {
        error: `use at most ${MAX_PASSWORD_LENGTH} characters in the password`,
      }),
  })
  .strict();
