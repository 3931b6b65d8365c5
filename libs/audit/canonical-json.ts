/**
 * Canonical JSON (RFC 8785) written exactly as json-canonicalize's `canonicalize` writes it, for
 * every value it accepts (canonical-json.spec.ts checks them side by side, quirks included: a
 * property whose value is undefined is left out and an undefined in an array written as null, as
 * its canonicalize() asks; an object with a toJSON as JSON.stringify writes it), without its bookkeeping of paths and visited objects, which made it
 * most of what audit:verify spent hashing a million records (issue #21). Every link's hash is made
 * with it, written and verified alike. No circular value reaches it: records are JSON.
 */
export function canonicalJson(value: unknown): string {
  // Most values written are strings: JSON.stringify's, as below, without asking for a toJSON.
  if (typeof value === 'string') return JSON.stringify(value);
  if (
    value === null ||
    typeof value !== 'object' ||
    (value as { toJSON?: unknown }).toJSON != null
  ) {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`Non-finite number (${value}) is not permitted in JSON (RFC 8785 §3.2.2.3)`);
    // JSON.stringify gives undefined for a function or a symbol, which the library writes as text.
    return JSON.stringify(value) ?? 'undefined';
  }
  if (Array.isArray(value)) {
    let out = '[';
    let next = false;
    // forEach, as the library: a hole in a sparse array is skipped, not written.
    value.forEach((element: unknown) => {
      if (next) out += ',';
      next = true;
      out += canonicalJson(element === undefined ? null : element);
    });
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let next = false;
  for (const key of keys) {
    const property = object[key];
    if (property === undefined) continue;
    if (next) out += ',';
    next = true;
    out += JSON.stringify(key) + ':' + canonicalJson(property);
  }
  return out + '}';
}
