/**
 * manifest.json, the last entry of every export archive (docs/export-format.md): what the archive
 * holds, each file's SHA-256, and the heads the council's chains ended in when it was exported.
 */
export const EXPORT_FORMAT = 'ratify-export';
export const EXPORT_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** For an NDJSON file: how many records (lines) it holds. */
  records?: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  /** 'council': every record of the council; 'person': what names one person (subject access). */
  kind: 'council' | 'person';
  exportId: string;
  createdAt: string;
  council: { id: string; slug: string; name: string };
  /** For a subject access export: the email asked for and the directory's people with it. */
  person: { email: string; personIds: string[] } | null;
  files: ManifestFile[];
  /** Records per NDJSON file by its path without .ndjson (cases/cases), and documents/files. */
  counts: Record<string, number>;
  /** Every exported case's audit chain as the case row kept it: its length and last hash. */
  auditHeads: { caseId: string; records: number; head: string }[];
  /** The council's record of directory changes: how many, and the last hash (council exports). */
  directoryChanges: { count: number; head: string } | null;
}
