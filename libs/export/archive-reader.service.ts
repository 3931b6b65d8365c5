import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';

/** What the reader saw of one entry: its hash and size, and for NDJSON how many lines. */
export interface SeenFile {
  path: string;
  sha256: string;
  bytes: number;
  lines?: number;
}

/**
 * What a check does with an entry as it streams past: `line` is given each NDJSON line (parsed,
 * with its number), `bytes` every piece of any other file. Nothing of the archive is kept whole.
 */
export interface EntryVisitor {
  line?(path: string, lineNo: number, value: unknown): void;
  bytes?(path: string, chunk: Buffer): void;
  /** A line that is not JSON: the file was damaged. */
  badLine?(path: string, lineNo: number, error: string): void;
}

/** An archive file opened as a stream, gunzipped when it starts with gzip's magic bytes. */
export async function openArchive(file: string): Promise<Readable> {
  const fh = await open(file, 'r');
  const head = Buffer.alloc(2);
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const raw = createReadStream(file);
  return head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
}

/** Reads a tar stream entry by entry, hashing each and handing NDJSON lines to the visitor. */
export async function readArchive(source: Readable, visit: EntryVisitor): Promise<SeenFile[]> {
  const extract = tar.extract();
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  const seen: SeenFile[] = [];
  for await (const entry of extract) {
    const path = entry.header.name;
    const hash = createHash('sha256');
    let bytes = 0;
    const ndjson = path.endsWith('.ndjson');
    let rest = '';
    // A character's bytes may fall across two pieces: decoded as a stream, never piece by piece.
    const decoder = new StringDecoder('utf8');
    let lineNo = 0;
    const takeLine = (text: string) => {
      lineNo++;
      try {
        visit.line?.(path, lineNo, JSON.parse(text));
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        visit.badLine?.(path, lineNo, e.message);
      }
    };
    for await (const piece of entry as AsyncIterable<Buffer>) {
      const chunk = Buffer.from(piece);
      hash.update(chunk);
      bytes += chunk.length;
      if (!ndjson) {
        visit.bytes?.(path, chunk);
        continue;
      }
      const text = rest + decoder.write(chunk);
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) takeLine(part);
    }
    rest += decoder.end();
    if (ndjson && rest.length > 0) takeLine(rest);
    seen.push({ path, sha256: hash.digest('hex'), bytes, ...(ndjson ? { lines: lineNo } : {}) });
  }
  return seen;
}
