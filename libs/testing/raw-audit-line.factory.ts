import type { StoredLink } from '../audit/audit-chain.service';

/** A value as PostgreSQL's jsonb writes it: keys by length then bytes, ", " and ": " between. */
export function jsonbText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((v as Record<string, unknown>)[k])}`).join(', ')}}`;
}

/** A field as COPY's text format writes it (`\N`: NULL). */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
  return v.replace(/[\\\t\n\r]/g, (c) => escapes[c]);
}

/**
 * A link as one line of AuditRepository.rawChains' COPY (RawLink), for the verifier's specs;
 * `actorText`: the actor's text as stored, when a spec writes it other than jsonb would.
 */
export function rawAuditLine(l: StoredLink & { actorText?: string }): string {
  return (
    [
      l.id,
      l.caseId,
      String(l.seq),
      String(Date.parse(l.recordedAt)),
      l.actorText ?? jsonbText(l.actor),
      jsonbText(l.authority),
      jsonbText(l.event),
      l.fromState,
      l.toState,
      l.prevHash,
      l.hash,
      l.redaction ? jsonbText(l.redaction) : '',
    ]
      .map(copyField)
      .join('\t') + '\n'
  );
}
