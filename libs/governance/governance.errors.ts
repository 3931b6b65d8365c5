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
