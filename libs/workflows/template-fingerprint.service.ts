import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { WorkflowTemplate } from './workflow.template';

/**
 * A fingerprint of what a released template version does: its machine's configuration and
 * implementations (functions by their source, whitespace ignored), its roles and who may send each
 * event. A case runs to its end on the version it started with, so a released version must never
 * change: a test compares these fingerprints with the ones recorded at release.
 */
export function templateFingerprint(t: WorkflowTemplate): string {
  const seen = new WeakSet<object>();
  const plain = (v: unknown): unknown => {
    if (typeof v === 'function') return `fn:${v.toString().replace(/\s+/g, '')}`;
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .map(([k, x]) => [k, plain(x)]),
      );
    }
    return v;
  };
  const machine = t.machine as unknown as { config: unknown; implementations: unknown };
  const content = {
    id: t.id,
    version: t.version,
    config: plain(machine.config),
    implementations: plain(machine.implementations),
    roles: plain(t.roles),
    events: Object.fromEntries(Object.entries(t.events).map(([k, e]) => [k, e.sendableBy])),
  };
  return createHash('sha256').update(canonicalize(content)).digest('hex');
}
