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
import { copyField, type CopyBytes, copyText } from './copy-out.service';

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
 * fields separated by tabs as COPY writes them (readLine), in no order (verifyBatch orders
 * them), made by PostgreSQL; the reading thread neither decodes, parses nor copies them. `tenantId`:
 * the council whose links they are (rawChains' scope), each link's own. The actor and the
 * authority come as their jsonb's text, which recurs record after record (the same officer, the
 * same office).
 */
export interface RawBatch {
  tenantId: string;
  cases: { id: string; version: number; head: string }[];
  /** The text, or the bytes PostgreSQL sent (handed to a worker thread without a copy). */
  links: string | CopyBytes;
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
 * worker thread and the main thread find exactly the same. PostgreSQL writes the lines in no
 * order (rawChains): each case's lines are found first (linesByCase), then its chain read, put in
 * insertion order (by id, as chains() orders it) and verified, one case at a time, so that little
 * outlives a chain (parsing the whole batch at once kept every link alive to be copied by the
 * collector). A chain is first checked whole as it was read (intactAsRead); only one that is not
 * intact is made into StoredLinks and walked by verifyAgainstHead to say where it breaks. What
 * verifying a case throws is thrown as verifying the cases in the batch's order would.
 */
export function verifyBatch(batch: RawBatch, trusted?: KeyObject): ChainFinding[] {
  const text = textOf(batch.links);
  const byCase = linesByCase(text, batch.tenantId);
  const found: ({ finding: ChainFinding } | { error: unknown })[] = [];
  for (const c of batch.cases) {
    const lines = byCase.get(c.id);
    if (!lines) {
      found.push({ finding: verifyAgainstHead([], c.version, c.head, trusted) });
      continue;
    }
    const chain = readChain(text, lines, batch.tenantId);
    const intact = intactAsRead(chain, c.version, c.head);
    if (intact) found.push({ finding: intact });
    else
      try {
        found.push({
          finding: verifyAgainstHead(
            chain.map(storedLink),
            c.version,
            c.head,
            trusted,
            recurringJson,
          ),
        });
      } catch (error) {
        found.push({ error });
      }
  }
  return found.map((f) => {
    if ('error' in f) throw f.error;
    return f.finding;
  });
}

/** The batch's text: as given, or decoded from the bytes PostgreSQL sent (copyText). */
function textOf(links: string | CopyBytes): string {
  return typeof links === 'string' ? links : copyText(links);
}

/**
 * Where each case's lines lie in the text (start and end of each, one after another), by the
 * case's id (a line's second field, a uuid as PostgreSQL writes it: never escaped), cases in the
 * order the text first names them. A line without its first two fields throws readLine's error.
 */
function linesByCase(text: string, tenantId: string): Map<string, number[]> {
  const byCase = new Map<string, number[]>();
  let caseId = '';
  let lines: number[] = [];
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const tab = text.indexOf('\t', at);
    const next = tab < 0 ? -1 : text.indexOf('\t', tab + 1);
    if (next < 0 || next > end) readLine(text.slice(at, end), tenantId);
    const id = text.slice(tab + 1, next);
    // Most lines follow a line of their own case (the links lie together in the table).
    if (id !== caseId || lines.length === 0) {
      caseId = id;
      lines = byCase.get(id) ?? [];
      if (lines.length === 0) byCase.set(id, lines);
    }
    lines.push(at, end);
    at = end + 1;
  }
  return byCase;
}

/** A case's lines read (readLine), in insertion order: by id, as chains() orders its rows. */
function readChain(text: string, lines: number[], tenantId: string): ReadLink[] {
  const chain: ReadLink[] = [];
  let ordered = true;
  for (let i = 0; i < lines.length; i += 2) {
    const l = readLine(text.slice(lines[i], lines[i + 1]), tenantId);
    const link = {
      raw: l,
      recordedAt: recordedAtOf(l[4]),
      actor: recurring(l[5]),
      authority: recurring(l[6]),
    };
    if (ordered && chain.length > 0 && byId(chain[chain.length - 1], link) > 0) ordered = false;
    chain.push(link);
  }
  return ordered ? chain : chain.sort(byId);
}

/**
 * Two links by their ids (bigint as PostgreSQL writes it: digits, perhaps a minus sign): as
 * numbers, exact below 10^15; beyond, as BigInt (an id a tamperer wrote may be any int8).
 */
function byId(a: ReadLink, b: ReadLink): number {
  const [x, y] = [a.raw[0], b.raw[0]];
  if (x.length <= 15 && y.length <= 15) return Number(x) - Number(y);
  const d = BigInt(x) - BigInt(y);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
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
 * The batch's links as a chain that breaks is walked with them (linesByCase and readChain, then
 * storedLink, as verifyBatch makes them), each case's in insertion order: what
 * raw-chains-properties.integration-spec compares, field by field, with AuditRepository.chains'
 * links of the same records.
 */
export function linksOf(batch: RawBatch): StoredLink[] {
  const text = textOf(batch.links);
  const links: StoredLink[] = [];
  for (const lines of linesByCase(text, batch.tenantId).values())
    for (const link of readChain(text, lines, batch.tenantId)) links.push(storedLink(link));
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

/** The two texts asked for last (a link's actor and authority), and their entries. */
const lastTwo: [string, Recurring][] = [];

function recurring(text: string | null): unknown {
  if (text === null) return null;
  // Most links carry the actor and the authority of the link before: the same text, compared
  // as it is, where the map would first hash the new string read from the line.
  for (const [t, r] of lastTwo) if (t === text) return r.value;
  let r = byText.get(text);
  if (!r) {
    if (byText.size >= MOST_RECURRING) byText.clear();
    r = { value: deepFreeze(JSON.parse(text)) };
    byText.set(text, r);
    if (typeof r.value === 'object' && r.value !== null) byValue.set(r.value, r);
  }
  lastTwo.unshift([text, r]);
  if (lastTwo.length > 2) lastTwo.pop();
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
