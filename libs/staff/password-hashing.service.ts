import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { SETTINGS, type Settings } from '../config/settings.service';
import { shareMemoryTurns } from '../core/memory-turns';
import { NO_TURN, WorkGate } from '../core/work-gate';
import { DomainError } from '../errors/domain.errors';

/**
 * argon2id with OWASP's first recommended parameters (19 MiB, two passes, one lane; ADR 0043):
 * a check holds its memory cost until it ends, and argon2's library default (64 MiB, four lanes)
 * took the API process past 250 MB with four sign-ins at once (issue #21). A hash keeps its own
 * parameters, so hashes made with the old ones still verify, and are made again at the next
 * sign-in (`needsRehash`).
 */
export const PASSWORD_HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** A hash for a password, without waiting for a turn: for seeding and tests, never a request. */
export function hashPasswordNow(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASH_OPTIONS);
}

/**
 * SIGN_IN_BUSY in the words of what waited: a sign-in's password checked, or a new password (set
 * from a link, or given by an administrator) hashed.
 */
function signInBusy(retryAfterSeconds: number, work: 'check' | 'hash'): DomainError {
  const after = retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return work === 'check'
    ? new DomainError(
        'SIGN_IN_BUSY',
        'Many people are signing in',
        `Many people are signing in at this moment and yours could not be checked in time: try again after ${after}.`,
        { retryAfterSeconds },
      )
    : new DomainError(
        'SIGN_IN_BUSY',
        'Many passwords are being checked',
        `Many passwords are being checked at this moment and this one could not be saved in time: nothing was saved. Try again after ${after}.`,
        { retryAfterSeconds },
      );
}

/**
 * Every password hashed or checked for a request, PASSWORD_CHECKS_AT_ONCE at a time in this process
 * (the others wait their turn, for at most half of REQUEST_TIMEOUT_MS, then SIGN_IN_BUSY), so that
 * the memory sign-ins take is bounded whatever their number. Its turns are also the diagram layout
 * worker's, which takes them all while it lives (libs/core/memory-turns.ts, ADR 0046).
 */
@Injectable()
export class PasswordHashing {
  private readonly gate: WorkGate;

  constructor(
    @Inject(SETTINGS)
    private readonly settings: Pick<Settings, 'PASSWORD_CHECKS_AT_ONCE' | 'REQUEST_TIMEOUT_MS'>,
  ) {
    this.gate = new WorkGate(settings.PASSWORD_CHECKS_AT_ONCE);
    shareMemoryTurns(this.gate);
  }

  hash(password: string): Promise<string> {
    return this.inTurn('hash', () => hashPasswordNow(password));
  }

  /** False for a wrong password and for a hash argon2 cannot read. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.inTurn('check', () => argon2.verify(hash, password).catch(() => false));
  }

  /** True when `hash` was made with other parameters than today's. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
  }

  private async inTurn<T>(kind: 'check' | 'hash', work: () => Promise<T>): Promise<T> {
    const maxWaitMs = this.settings.REQUEST_TIMEOUT_MS / 2;
    const done = await this.gate.run(work, maxWaitMs);
    if (done === NO_TURN) throw signInBusy(Math.ceil(maxWaitMs / 1000), kind);
    return done;
  }
}
