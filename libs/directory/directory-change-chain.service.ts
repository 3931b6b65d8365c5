import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** The first change's previous hash: 64 zeros, as a case's audit chain starts. */
export const DIRECTORY_GENESIS = '0'.repeat(64);

/** What a change's hash covers: everything recorded but its own hash. */
export interface DirectoryChangeContent {
  tenantId: string;
  seq: number;
  recordedAt: string;
  actor: unknown;
  subject: string;
  subjectId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface StoredDirectoryChange extends DirectoryChangeContent {
  prevHash: string;
  hash: string;
}

/** hash = sha256(previous hash + canonical JSON (RFC 8785) of the change). */
export function directoryChangeHash(prevHash: string, content: DirectoryChangeContent): string {
  return createHash('sha256')
    .update(prevHash + canonicalize(content))
    .digest('hex');
}

export type DirectoryChainFinding =
  { ok: true; changes: number; headHash: string } | { ok: false; atSeq: number; detail: string };

/**
 * Walks a tenant's changes in order and names the first that breaks the chain, then checks the
 * chain ends where the tenant row says it does (a removed tail leaves an intact but short chain).
 */
export function verifyDirectoryChain(
  changes: StoredDirectoryChange[],
  head: { count: number; hash: string },
): DirectoryChainFinding {
  let prev = DIRECTORY_GENESIS;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    const { prevHash, hash, ...content } = c;
    if (c.seq !== i + 1)
      return {
        ok: false,
        atSeq: i + 1,
        detail: `change ${i + 1} is missing or out of place: change ${c.seq} stands there`,
      };
    if (prevHash !== prev)
      return {
        ok: false,
        atSeq: c.seq,
        detail: `change ${c.seq} does not follow from change ${c.seq - 1}: one of them was altered`,
      };
    if (directoryChangeHash(prevHash, content) !== hash)
      return {
        ok: false,
        atSeq: c.seq,
        detail: `change ${c.seq} was altered after it was recorded: its content no longer matches its hash`,
      };
    prev = hash;
  }
  if (changes.length !== head.count || prev !== head.hash)
    return {
      ok: false,
      atSeq: Math.min(changes.length, head.count) + 1,
      detail: `the record holds ${changes.length} changes but the council's directory has made ${head.count}: changes after ${changes.length} were removed`,
    };
  return { ok: true, changes: changes.length, headHash: prev };
}
