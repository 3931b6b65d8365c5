import type { KeyObject } from 'node:crypto';
import {
  type ChainFinding,
  GENESIS_HASH,
  sha256Hex,
  type StoredLink,
  verifyChain,
} from './audit-chain.service';
import { recordedAtOf } from './iso-time.service';
import type { SignedRedaction } from './audit-redaction.service';
import { canonicalJson } from './canonical-json';
import { copyField } from './copy-out.service';

/** A link as readLine reads it from rawChains' line: its fields in this order, JSON parsed. */
type RawLink = [
  id: string,
  tenantId: string,
  caseId: string,
  seq: number,
  /** recorded_at in whole milliseconds since 1970 (±Infinity: PostgreSQL's ±infinity). */
  recordedMs: number,
  /** The actor's jsonb as PostgreSQL writes it (null: SQL NULL). */
  actor: string | null,
  /** The authority's jsonb as PostgreSQL writes it (null: SQL NULL). */
  authority: string | null,
  event: unknown,
  fromState: string | null,
  toState: string,
  prevHash: string,
  hash: string,
  redaction: SignedRedaction | null,
];

/**
 * A batch of one council's cases and all their links, in the form cheapest to read and to hand to
 * a worker thread: the links as one text (AuditRepository.rawChains), a line each, each line its
 * fields separated by tabs as COPY writes them (readLine), in insertion order case after case,
 * made by PostgreSQL; the reading thread neither parses nor copies them link by link. `tenantId`:
 * the council whose links they are (rawChains' scope), each link's own. The actor and the
 * authority come as their jsonb's text, which recurs record after record (the same officer, the
 * same office).
 */
export interface RawBatch {
  tenantId: string;
  cases: { id: string; version: number; head: string }[];
  links: string;
}

/**
 * The chain walked link by link, then its last hash compared with the head the case row keeps
 * (cases.audit_head, written with each link): a chain rewritten and re-hashed whole, from a
 * record onwards, no longer ends where the case says it does. (One who rewrote the case row too
 * is caught against a signed checkpoint: verify-checkpoint.use-case.ts.)
 */
export function verifyAgainstHead(
  links: StoredLink[],
  version: number,
  head: string,
  trusted?: KeyObject,
  json?: (value: unknown) => string,
): ChainFinding {
  const finding = verifyChain(links, version, trusted, json);
  if (finding.ok && finding.headHash !== head) {
    const last = links.at(-1);
    return {
      ok: false,
      problem: 'rewritten',
      atSeq: last?.seq ?? 0,
      recordId: last?.id ?? null,
      detail: `the chain ends in a hash other than the head the case recorded: its records were rewritten and re-hashed`,
    };
  }
  return finding;
}

/** A link as read from its line, before it is made a StoredLink (only if its chain needs it). */
interface ReadLink {
  raw: RawLink;
  recordedAt: string;
  actor: unknown;
  authority: unknown;
}

/**
 * Each case's finding, in the batch's order: the links made as AuditRepository.chains makes them
 * (the JSON parsed as pg parses jsonb, recordedAt as a Date of the stored value writes it), so a
 * worker thread and the main thread find exactly the same. The batch is read a line (a link) at a
 * time and each case's chain verified as soon as its last link is read, so that little outlives a
 * chain (parsing the whole batch at once kept every link alive to be copied by the collector).
 * A chain is first checked whole as it was read (intactAsRead); only one that is not intact is
 * made into StoredLinks and walked by verifyAgainstHead to say where it breaks. What verifying a
 * case throws is thrown as verifying the cases in the batch's order would.
 */
export function verifyBatch(batch: RawBatch, trusted?: KeyObject): ChainFinding[] {
  const wanted = new Map(batch.cases.map((c) => [c.id, c]));
  const found = new Map<string, { finding: ChainFinding } | { error: unknown }>();
  let chain: ReadLink[] = [];
  const verify = () => {
    const caseId = chain[0]?.raw[2];
    if (caseId === undefined) return;
    if (found.has(caseId)) throw new Error(`the links of case ${caseId} are not together`);
    const c = wanted.get(caseId);
    if (c) {
      const intact = intactAsRead(chain, c.version, c.head);
      if (intact) found.set(caseId, { finding: intact });
      else
        try {
          found.set(caseId, {
            finding: verifyAgainstHead(
              chain.map(storedLink),
              c.version,
              c.head,
              trusted,
              recurringJson,
            ),
          });
        } catch (error) {
          found.set(caseId, { error });
        }
    }
    chain = [];
  };
  const text = batch.links;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const l = readLine(text.slice(at, end), batch.tenantId);
    at = end + 1;
    if (chain.length > 0 && chain[0].raw[2] !== l[2]) verify();
    chain.push({
      raw: l,
      recordedAt: recordedAtOf(l[4]),
      actor: recurring(l[5]),
      authority: recurring(l[6]),
    });
  }
  verify();
  return batch.cases.map((c) => {
    const f = found.get(c.id);
    if (!f) return verifyAgainstHead([], c.version, c.head, trusted);
    if ('error' in f) throw f.error;
    return f.finding;
  });
}

/**
 * A line of rawChains' text, as COPY writes it: id, case_id, seq, recorded_ms, the actor's,
 * authority's and event's jsonb text, from_state, to_state, prev_hash, hash, the redaction's signed
 * jsonb (empty: none), separated by tabs, each escaped by COPY (copyField; a line without a
 * backslash has nothing escaped, and no NULL). The council is the batch's.
 */
function readLine(line: string, tenantId: string): RawLink {
  const f: (string | null)[] = line.split('\t');
  if (f.length !== 12) throw new Error(`a link of ${f.length} fields, not 12`);
  if (line.includes('\\')) for (let i = 4; i < 12; i++) f[i] = copyField(f[i] as string);
  return [
    f[0] as string,
    tenantId,
    f[1] as string,
    Number(f[2]),
    Number(f[3]),
    f[4],
    f[5],
    JSON.parse(f[6] as string),
    f[7],
    f[8] as string,
    f[9] as string,
    f[10] as string,
    f[11] ? (JSON.parse(f[11]) as SignedRedaction) : null,
  ];
}

/**
 * The batch's links as a chain that breaks is walked with them (readLine, then storedLink, as
 * verifyBatch makes them): what raw-chains-properties.integration-spec compares, field by field,
 * with AuditRepository.chains' links of the same records.
 */
export function linksOf(batch: RawBatch): StoredLink[] {
  const text = batch.links;
  const links: StoredLink[] = [];
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const l = readLine(text.slice(at, end), batch.tenantId);
    at = end + 1;
    const [actor, authority] = [recurring(l[5]), recurring(l[6])];
    links.push(storedLink({ raw: l, recordedAt: recordedAtOf(l[4]), actor, authority }));
  }
  return links;
}

function storedLink({ raw: l, recordedAt, actor, authority }: ReadLink): StoredLink {
  return {
    id: l[0],
    tenantId: l[1],
    caseId: l[2],
    seq: l[3],
    recordedAt,
    actor,
    authority,
    event: l[7],
    fromState: l[8],
    toState: l[9],
    prevHash: l[10],
    hash: l[11],
    ...(l[12] ? { redaction: l[12] } : {}),
  };
}

/**
 * The finding verifyAgainstHead gives a chain that holds, when this one does: each link in its
 * place (seq), pointing at the one before, its hash that of the same text contentJson writes for
 * it (its nine fields, each by recurringJson, in CONTENT_FIELDS' order), as many links as the
 * case's version and the last the case's head; null for anything else (or anything that throws),
 * which verifyAgainstHead then walks to say where and why it breaks. Neither a StoredLink nor its
 * content is made for a link of a chain that holds (most of audit:verify's work; issue #21).
 */
function intactAsRead(chain: ReadLink[], version: number, head: string): ChainFinding | null {
  if (chain.length !== version) return null;
  let prev = GENESIS_HASH;
  try {
    // The chain's links share their case (they were put together by it) and most their council.
    const caseJson = canonicalJson(chain[0]?.raw[2]);
    let tenant: unknown;
    let tenantJson = '';
    for (let i = 0; i < chain.length; i++) {
      const { raw: l, recordedAt, actor, authority } = chain[i];
      // contentJson writes field by field only when none of the nine is undefined.
      if (l[3] !== i + 1 || l[10] !== prev || !allDefined(l)) return null;
      if (i === 0 || l[1] !== tenant) tenantJson = canonicalJson((tenant = l[1]));
      // recordedAt is recordedAtOf's text (toISOString's, or `infinity`), nothing JSON escapes.
      const content =
        `{"actor":${recurringJson(actor)},"authority":${recurringJson(authority)},` +
        `"caseId":${caseJson},"event":${canonicalJson(l[7])},` +
        `"fromState":${canonicalJson(l[8])},"recordedAt":"${recordedAt}",` +
        `"seq":${canonicalJson(l[3])},"tenantId":${tenantJson},` +
        `"toState":${canonicalJson(l[9])}}`;
      if (sha256Hex(prev + content) !== l[11]) return null;
      prev = l[11];
    }
  } catch {
    return null;
  }
  return prev === head ? { ok: true, records: chain.length, headHash: prev } : null;
}

function allDefined(l: RawLink): boolean {
  return (
    l[1] !== undefined &&
    l[2] !== undefined &&
    l[3] !== undefined &&
    l[7] !== undefined &&
    l[8] !== undefined &&
    l[9] !== undefined
  );
}

interface Recurring {
  value: unknown;
  /** canonicalJson(value), written when first asked for (it throws on what RFC 8785 refuses). */
  json?: string;
}

/**
 * A jsonb's text, as PostgreSQL writes it, to the value JSON.parse makes of it, parsed once and
 * frozen (deep), shared by every link that carries it; and that value to its entry, whose
 * canonical JSON is written once. The same text always parses to the same value, so a link gets
 * the value and the canonical JSON it would have got on its own. Bounded: emptied when full.
 */
const byText = new Map<string, Recurring>();
const byValue = new WeakMap<object, Recurring>();
const MOST_RECURRING = 10_000;

function recurring(text: string | null): unknown {
  if (text === null) return null;
  let r = byText.get(text);
  if (!r) {
    if (byText.size >= MOST_RECURRING) byText.clear();
    r = { value: deepFreeze(JSON.parse(text)) };
    byText.set(text, r);
    if (typeof r.value === 'object' && r.value !== null) byValue.set(r.value, r);
  }
  return r.value;
}

/** canonicalJson(value): for a value recurring() made, written once and kept. */
function recurringJson(value: unknown): string {
  const r = typeof value === 'object' && value !== null ? byValue.get(value) : undefined;
  if (!r) return canonicalJson(value);
  return (r.json ??= canonicalJson(r.value));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
