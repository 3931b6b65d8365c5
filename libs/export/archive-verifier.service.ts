import type { KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import { chainHash, contentOf, verifyChain, type StoredLink } from '../audit/audit-chain.service';
import { redactionVouches } from '../audit/audit-redaction.service';
import {
  verifyDirectoryChain,
  type StoredDirectoryChange,
} from '../directory/directory-change-chain.service';
import { openArchive, readArchive, type SeenFile } from './archive-reader.service';
import { EXPORT_FORMAT, MANIFEST_PATH, type ExportManifest } from './export-manifest';
import { EXPORT_FILES } from './export-files';

/** One thing wrong with an archive, named: the file (and line or record) and what is wrong. */
export interface ArchiveProblem {
  where: string;
  detail: string;
}

export interface ArchiveReport {
  manifest: ExportManifest | null;
  problems: ArchiveProblem[];
  /** What was checked: files against the manifest, chains recomputed, documents' contents. */
  checked: { files: number; chains: number; auditRecords: number; documents: number };
}

interface CaseLine {
  id: string;
  /** The case's reference (docs/adr/0038); an archive written before references has none. */
  reference?: string;
  title: string;
  version: number;
  audit_head: string;
}
interface DocumentLine {
  id: string;
  name: string;
  version: number;
  sha256: string;
  size_bytes: number;
  disposed_at: string | null;
}

/**
 * The offline check of an export archive (npm run export:verify): nothing but the archive is read
 * (no database, no settings). Every file's SHA-256 and size against the manifest; every case's
 * audit chain recomputed from its exported records (libs/audit's own hash and walk) and its end
 * compared with the head the case kept and the manifest lists; each document's content against
 * the SHA-256 its record (and the audit chain) names; the directory's record of changes likewise.
 */
export async function verifyArchiveFile(
  file: string,
  opts: ArchiveVerifyOptions = {},
): Promise<ArchiveReport> {
  return verifyArchive(await openArchive(file), opts);
}

/**
 * `councilKey`: the council's public key (the one its audit checkpoints are published under),
 * from outside the archive. A redacted record is vouched for only by a statement signed under it:
 * a key the archive names is no evidence, as whoever edits an archive can sign with a key of their
 * own. Without it, a redacted record is reported as not checkable rather than taken on trust.
 */
export interface ArchiveVerifyOptions {
  councilKey?: KeyObject;
}

export async function verifyArchive(
  source: Readable,
  opts: ArchiveVerifyOptions = {},
): Promise<ArchiveReport> {
  const problems: ArchiveProblem[] = [];
  const cases = new Map<string, CaseLine>();
  const chains = new Map<string, StoredLink[]>();
  const documents = new Map<string, DocumentLine>();
  const changes: StoredDirectoryChange[] = [];
  let manifestText = '';
  const seen = await readArchive(source, {
    line(path, lineNo, value) {
      const row = value as Record<string, unknown>;
      if (path === EXPORT_FILES.cases) cases.set(String(row.id), value as CaseLine);
      else if (path === EXPORT_FILES.documents)
        documents.set(String(row.id), value as DocumentLine);
      else if (path === EXPORT_FILES.directoryChanges) changes.push(value as StoredDirectoryChange);
      else if (path === EXPORT_FILES.auditRecords) {
        const link = value as StoredLink;
        const chain = chains.get(link.caseId) ?? [];
        chain.push(link);
        chains.set(link.caseId, chain);
      }
    },
    badLine(path, lineNo, error) {
      problems.push({ where: `${path} line ${lineNo}`, detail: `not JSON (${error})` });
    },
    bytes(path, chunk) {
      if (path === MANIFEST_PATH) manifestText += chunk.toString('utf8');
    },
  });
  const manifest = parseManifest(manifestText, problems);
  const byPath = new Map(seen.map((s) => [s.path, s]));
  if (manifest) checkFiles(manifest, seen, problems);
  const checked = { files: seen.length, chains: 0, auditRecords: 0, documents: 0 };

  for (const links of chains.values()) checked.auditRecords += links.length;
  if (manifest?.kind === 'council') {
    checked.chains = checkChains(manifest, cases, chains, problems, opts.councilKey);
    if (manifest.directoryChanges) {
      const { count, head } = manifest.directoryChanges;
      const f = verifyDirectoryChain(changes, { count, hash: head });
      if (!f.ok)
        problems.push({
          where: `${EXPORT_FILES.directoryChanges} change ${f.atSeq}`,
          detail: f.detail,
        });
    }
  } else if (manifest?.kind === 'person') {
    // A person's export holds some links of a chain, not whole chains: each link is checked alone.
    for (const links of chains.values())
      for (const l of links) {
        const content = contentOf(l);
        const nowHash = chainHash(l.prevHash, content);
        const where = `${EXPORT_FILES.auditRecords} case ${l.caseId} record ${l.seq}`;
        if (nowHash === l.hash) continue;
        if (!opts.councilKey && l.redaction) problems.push({ where, detail: NO_COUNCIL_KEY });
        else if (!redactionVouches(l, content, nowHash, l.redaction, opts.councilKey))
          problems.push({
            where,
            detail: 'the record no longer matches its hash: it was changed after it was written',
          });
      }
  }
  checked.documents = checkDocuments(documents, byPath, problems);
  return { manifest, problems, checked };
}

function parseManifest(text: string, problems: ArchiveProblem[]): ExportManifest | null {
  if (!text) {
    problems.push({ where: MANIFEST_PATH, detail: 'the archive has no manifest' });
    return null;
  }
  try {
    const m = JSON.parse(text) as ExportManifest;
    if (m.format !== EXPORT_FORMAT || !Array.isArray(m.files))
      throw new Error('not a Ratify export manifest');
    return m;
  } catch (e) {
    problems.push({ where: MANIFEST_PATH, detail: `unreadable: ${(e as Error).message}` });
    return null;
  }
}

function checkFiles(manifest: ExportManifest, seen: SeenFile[], problems: ArchiveProblem[]): void {
  const byPath = new Map(seen.map((s) => [s.path, s]));
  for (const f of manifest.files) {
    const s = byPath.get(f.path);
    if (!s) {
      problems.push({
        where: f.path,
        detail: 'listed in the manifest but missing from the archive',
      });
      continue;
    }
    if (s.sha256 !== f.sha256 || s.bytes !== f.bytes)
      problems.push({
        where: f.path,
        detail: `its SHA-256 is ${s.sha256} (${s.bytes} bytes) but the manifest says ${f.sha256} (${f.bytes} bytes): the file was changed after the export`,
      });
    else if (f.records !== undefined && s.lines !== f.records)
      problems.push({
        where: f.path,
        detail: `it holds ${s.lines} records but the manifest says ${f.records}`,
      });
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const s of seen)
    if (s.path !== MANIFEST_PATH && !listed.has(s.path))
      problems.push({ where: s.path, detail: 'in the archive but not listed in the manifest' });
}

const NO_COUNCIL_KEY =
  'the record was redacted under a signed statement, which only the council’s public key can confirm: run export:verify with --public-key <the council’s public key file>';

/** Every case's chain recomputed and its end compared with the case's head and the manifest's. */
function checkChains(
  manifest: ExportManifest,
  cases: Map<string, CaseLine>,
  chains: Map<string, StoredLink[]>,
  problems: ArchiveProblem[],
  councilKey: KeyObject | undefined,
): number {
  const heads = new Map(manifest.auditHeads.map((h) => [h.caseId, h]));
  let walked = 0;
  for (const c of cases.values()) {
    // Named as people quote it, by its reference, with the id the archive's files key it by.
    const where = c.reference
      ? `case ${c.reference} (${c.title}; id ${c.id})`
      : `case ${c.id} (${c.title})`;
    const links = chains.get(c.id) ?? [];
    const unvouched = councilKey
      ? undefined
      : links.find((l) => l.redaction && chainHash(l.prevHash, contentOf(l)) !== l.hash);
    if (unvouched)
      problems.push({ where: `${where}: audit record ${unvouched.seq}`, detail: NO_COUNCIL_KEY });
    const finding = verifyChain(links, c.version, councilKey);
    walked++;
    if (!finding.ok) {
      problems.push({
        where: `${where}: audit record ${finding.atSeq}`,
        detail: `${finding.problem}: ${finding.detail}`,
      });
      continue;
    }
    if (finding.headHash !== c.audit_head)
      problems.push({
        where: `${where}: audit record ${links.length}`,
        detail: `the chain ends in ${finding.headHash} but the case kept ${c.audit_head}: records were rewritten and re-hashed`,
      });
    const h = heads.get(c.id);
    if (!h) problems.push({ where, detail: 'the manifest lists no audit head for this case' });
    else if (h.head !== finding.headHash || h.records !== finding.records)
      problems.push({
        where,
        detail: `the chain ends at record ${finding.records} in ${finding.headHash} but the manifest lists record ${h.records} and ${h.head}`,
      });
  }
  for (const h of manifest.auditHeads)
    if (!cases.has(h.caseId))
      problems.push({
        where: `case ${h.caseId}`,
        detail: 'in the manifest’s audit heads but not in cases',
      });
  for (const caseId of chains.keys())
    if (!cases.has(caseId))
      problems.push({
        where: `case ${caseId}`,
        detail: 'audit records of a case that is not in cases',
      });
  return walked;
}

/** Each document version whose content was exported: its bytes' SHA-256 against its record's. */
function checkDocuments(
  documents: Map<string, DocumentLine>,
  byPath: Map<string, SeenFile>,
  problems: ArchiveProblem[],
): number {
  let checked = 0;
  for (const d of documents.values()) {
    const file = byPath.get(EXPORT_FILES.documentFile(d.id));
    const where = `document ${d.id} (${d.name}, version ${d.version})`;
    if (!file) {
      if (!d.disposed_at)
        problems.push({ where, detail: 'its content is missing from the archive' });
      continue;
    }
    checked++;
    if (file.sha256 !== d.sha256)
      problems.push({
        where: `${where}: ${file.path}`,
        detail: `its content's SHA-256 is ${file.sha256} but the document's record says ${d.sha256}`,
      });
  }
  return checked;
}
