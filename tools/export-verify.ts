/**
 * `npm run export:verify -- <file> [--public-key <file>]`: checks an export archive offline, with
 * nothing but the file (no database, no settings): every file against the manifest's SHA-256,
 * every case's audit chain recomputed from its exported records and compared with the heads
 * exported, each document's content against its recorded hash, the directory's record of changes.
 * A record redacted by retention (docs/adr/0020) holds only under a statement signed with the
 * council's key, given by `--public-key` (the key its audit checkpoints are published under): a key
 * named inside the archive proves nothing. Exits 0 when all agree, 1 naming each thing that does
 * not, 2 when the file (or the key) cannot be read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { publicKeyFrom } from '../libs/audit/checkpoint-key.service';
import { verifyArchiveFile } from '../libs/export/archive-verifier.service';

const USAGE = 'usage: npm run export:verify -- <file.tar | file.tar.gz> [--public-key <file>]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { 'public-key': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1 || !existsSync(file)) {
    console.error(
      `export:verify: ${file ? `no file ${file}` : 'give the archive to check'}\n${USAGE}`,
    );
    return 2;
  }
  const keyFile = values['public-key'];
  let councilKey;
  try {
    councilKey = keyFile ? publicKeyFrom(readFileSync(keyFile, 'utf8').trim()) : undefined;
  } catch (e) {
    console.error(
      `export:verify: ${keyFile} is not a public key (PEM or base64 SPKI): ${e instanceof Error ? e.message : String(e)}\n${USAGE}`,
    );
    return 2;
  }
  const report = await verifyArchiveFile(file, { councilKey });
  const m = report.manifest;
  for (const p of report.problems) console.log(`WRONG ${p.where}: ${p.detail}`);
  const what = m
    ? `${m.kind === 'person' ? `records of ${m.person?.email} in` : 'records of'} ${m.council.name}, exported ${m.createdAt}`
    : 'an archive without a readable manifest';
  const c = report.checked;
  console.log(
    `${file}: ${what}. ${c.files} files, ${c.chains} case chains (${c.auditRecords} audit records), ${c.documents} documents checked: ${report.problems.length === 0 ? 'everything agrees' : `${report.problems.length} problems`}.`,
  );
  return report.problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(
      `export:verify: the file cannot be read as an export archive: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(2);
  },
);
