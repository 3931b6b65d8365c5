import type { Actor } from '../libs/core/actor.dto';
import type { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { CYCLE, stepOf, type BenchCase, type Who } from './engine-bench.settings';

/**
 * The engine's side of bench:engine and bench:http alike: the case's next step of the cycle, sent
 * through SendEventUseCase by the step's actor at the version the bench last saw. Resolves to the
 * version the engine answered; each bench keeps it on the case as it checks it (the caller binds
 * the council around it, as a request is bound).
 */
export function engineStep(
  send: SendEventUseCase,
  actors: Record<Who, Actor>,
): (c: BenchCase) => Promise<number> {
  return async (c) => {
    const step = CYCLE[stepOf(c.version)];
    const r = await send.send(
      c.id,
      { type: step.type, payload: { ...step.payload } },
      actors[step.who],
      { expectedVersion: c.version },
    );
    return r.version;
  };
}
