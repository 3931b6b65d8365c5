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

/** A rule's stable name at the start of a template's refusal ("INQUORATE: …"). */
const RULE_MESSAGE = /^([A-Z][A-Z0-9_]{4,}): ([\s\S]*)$/;

/**
 * A governance rule a template's payload rules applied, when they refused: templates write a
 * refusal as a validation issue whose message is the rule's code and its lines joined by "; "
 * (e.g. jcb-delegated-decision.template.ts `refused`). Read back as the rule and its lines, so the
 * engine answers it as the meetings API does (422 GOVERNANCE_RULE_BROKEN), not as bad input.
 */
export function ruleRefusalIn(
  error: z.ZodError,
): { rule: string; explanation: string[]; path: string } | null {
  for (const i of error.issues) {
    if (i.code !== 'custom') continue;
    const m = RULE_MESSAGE.exec(i.message);
    if (!m) continue;
    return {
      rule: m[1],
      explanation: m[2].split('; ').filter((l) => l.length > 0),
      path: i.path.map(String).join('.') || '(body)',
    };
  }
  return null;
}
