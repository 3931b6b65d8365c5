import type { z } from 'zod';

/** Zod's issues as the problem+json "problems" list: where, and what to fix. */
export function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message:
      i.code === 'unrecognized_keys'
        ? `remove the unknown field(s) ${i.keys.join(', ')}`
        : i.message,
  }));
}
