/**
 * A governance rule that refuses says so as data, not as an exception: a stable code the API maps
 * to a status, and the explanation in words a person can check. Rules never throw for bad facts.
 */
export interface Refusal<Code extends string> {
  ok: false;
  code: Code;
  explanation: string[];
}

export function refuse<Code extends string>(code: Code, explanation: string[]): Refusal<Code> {
  return { ok: false, code, explanation };
}

/** "met" or "not met", the last word of every rule line. */
export function metOrNot(met: boolean): string {
  return met ? 'met' : 'not met';
}

/**
 * Which words a rule's lines take where released template versions recorded them: `recorded`, as
 * those versions recorded them in their traces (kept byte for byte, since a released version is
 * frozen by what it does), or `people`, in people's words (no ids, keys or field names), for the
 * versions made since. A version chooses its wording; a rule never changes a released one's.
 */
export type LineWording = 'recorded' | 'people';
