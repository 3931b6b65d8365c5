import type { EntityManager } from 'typeorm';
import { afterCommit } from '../core/after-commit';
import { type Observation, report, type SendOutcome } from '../core/observations';
import { DomainError, VersionConflictError } from '../errors/domain.errors';
import type { CaseForSend } from './case.repository';
import type { IncomingEvent } from './incoming-event';

/** A send's start and the case it was decided on, for what it reports (libs/core/observations). */
export interface SendSeen {
  started: bigint;
  row?: Pick<CaseForSend, 'templateId' | 'templateVersion'>;
}

export function outcomeOf(e: unknown): SendOutcome {
  if (e instanceof VersionConflictError) return 'version_conflict';
  return e instanceof DomainError ? 'refused' : 'failed';
}

/** What a send reports, timed now. */
function observation(seen: SendSeen, event: IncomingEvent, outcome: SendOutcome): Observation {
  return {
    kind: 'case-send',
    template: seen.row?.templateId ?? '',
    version: seen.row?.templateVersion ?? 0,
    event: outcome === 'accepted' ? event.type : '',
    outcome,
    seconds: Number(process.hrtime.bigint() - seen.started) / 1e9,
  };
}

export function observed(seen: SendSeen, event: IncomingEvent, outcome: SendOutcome): void {
  report(observation(seen, event, outcome));
}

/**
 * `send` run and reported: accepted when it resolves, else by what it threw (rethrown). Accepted in
 * a caller's transaction (`m`), it is reported once that commits and never if it rolls back, so
 * that what is counted accepted was recorded (a deadline batch rolled back is fired again case by
 * case, and counted then); a refusal or conflict is reported as decided, whatever follows.
 */
export async function reported<T>(
  seen: SendSeen,
  event: IncomingEvent,
  m: EntityManager | undefined,
  send: () => Promise<T>,
): Promise<T> {
  try {
    const sent = await send();
    const accepted = observation(seen, event, 'accepted');
    if (!(m && afterCommit(m, () => report(accepted)))) report(accepted);
    return sent;
  } catch (e) {
    throw observedThrow(seen, event, e);
  }
}

/** What a send threw, reported by its kind; returned to be thrown on. */
export function observedThrow(seen: SendSeen, event: IncomingEvent, e: unknown): unknown {
  observed(seen, event, outcomeOf(e));
  return e;
}
