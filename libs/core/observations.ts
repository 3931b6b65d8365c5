/**
 * What the engine and the audit verifier report as they work, for whoever watches: the
 * process's metrics (libs/operations/metrics.registry.ts) listen. The libraries doing the work sit
 * below operations in the layers (docs/ARCHITECTURE.md), so they report here rather than import
 * the metrics; a listener that throws never fails the work it watches.
 */
export type SendOutcome = 'accepted' | 'version_conflict' | 'refused' | 'failed';

export type Observation =
  | {
      kind: 'case-send';
      /** The case's template and version; '' and 0 when no case was found to send to. */
      template: string;
      version: number;
      /** The event's type when accepted ('' otherwise: a refused type may be anything typed). */
      event: string;
      outcome: SendOutcome;
      seconds: number;
    }
  | { kind: 'audit-verify'; outcome: 'intact' | 'broken' };

type Listener = (o: Observation) => void;
const listeners = new Set<Listener>();

/** Listens to every observation from now on; the returned function stops it. */
export function observe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function report(o: Observation): void {
  for (const listen of listeners) {
    try {
      listen(o);
    } catch {
      // A watcher's fault is not the work's.
    }
  }
}
