import type { WorkGate } from './work-gate';

/**
 * The one gate of this process's memory-heavy work (issue #21, ADR 0046): the password checks'
 * (PASSWORD_CHECKS_AT_ONCE turns, an argon2id check holding 19 MiB each) is shared here, and the
 * diagram layout worker (about 60 MB while it lives) takes every turn of it, so that the two never
 * add up in the API process's memory. Unset (undefined) in a process that checks no passwords.
 */
let shared: WorkGate | undefined;

export function shareMemoryTurns(gate: WorkGate | undefined): void {
  shared = gate;
}

export function memoryTurns(): WorkGate | undefined {
  return shared;
}
