import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { ExportManifest, MANIFEST_PATH, ManifestFile } from './export-manifest';

type Sink = ReturnType<tar.Pack['entry']>;

/** NDJSON lines gathered into pieces of about this size before they are written. */
const PIECE_BYTES = 64 * 1024;

/**
 * Writes an export archive as a stream (tar, or tar.gz): never the whole archive in memory, nor
 * a whole file. A tar header needs its file's size first, so each file is spooled to a temporary
 * file (hashed on the way), then copied into the archive and removed: memory stays flat and the
 * disk holds one file at a time. manifest.json comes last, listing every file with its SHA-256.
 */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly files: ManifestFile[] = [];
  private readonly piped: Promise<void>;
  private spoolDir: Promise<string> | null = null;
  private spooled = 0;

  constructor(
    out: Writable,
    private readonly opts: { gzip: boolean; mtime: Date },
  ) {
    const pack = this.pack as unknown as NodeJS.ReadableStream;
    this.piped = opts.gzip ? pipeline(pack, createGzip(), out) : pipeline(pack, out);
    // Observed where it is awaited (each write races it, finish awaits it).
    this.piped.catch(() => undefined);
  }

  /** The files written so far, in order. */
  get written(): readonly ManifestFile[] {
    return this.files;
  }

  /** An NDJSON file: one record per line, as JSON. */
  async records(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    let count = 0;
    async function* lines(): AsyncGenerator<Buffer> {
      let piece: string[] = [];
      let size = 0;
      for await (const row of rows) {
        const line = `${JSON.stringify(row)}\n`;
        piece.push(line);
        size += line.length;
        count++;
        if (size >= PIECE_BYTES) {
          yield Buffer.from(piece.join(''), 'utf8');
          piece = [];
          size = 0;
        }
      }
      if (piece.length) yield Buffer.from(piece.join(''), 'utf8');
    }
    const file = await this.file(path, lines());
    file.records = count;
  }

  /** A file of bytes (a document's content), read a piece at a time. */
  async file(path: string, content: AsyncIterable<Buffer>): Promise<ManifestFile> {
    const dir = await (this.spoolDir ??= mkdtemp(join(tmpdir(), 'ratify-export-')));
    const spool = join(dir, String(this.spooled++));
    try {
      const hash = createHash('sha256');
      let bytes = 0;
      const out = createWriteStream(spool);
      for await (const chunk of content) {
        hash.update(chunk);
        bytes += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
      const entry: ManifestFile = { path, sha256: hash.digest('hex'), bytes };
      await this.copy({ name: path, size: bytes }, createReadStream(spool));
      this.files.push(entry);
      return entry;
    } finally {
      await rm(spool, { force: true });
    }
  }

  /** manifest.json (the files written, with anything else the export says), then the archive's end. */
  async finish(manifest: Omit<ExportManifest, 'files'>): Promise<ExportManifest> {
    const full: ExportManifest = { ...manifest, files: [...this.files] };
    const text = Buffer.from(`${JSON.stringify(full, null, 2)}\n`, 'utf8');
    await this.copy({ name: MANIFEST_PATH, size: text.length }, [text]);
    this.pack.finalize();
    await this.piped;
    await this.cleanUp();
    return full;
  }

  /** Stops the archive after a failure: the reader sees a broken stream, never a short valid one. */
  async abort(e: Error): Promise<void> {
    this.pack.destroy(e);
    await this.piped.catch(() => undefined);
    await this.cleanUp();
  }

  private async copy(
    header: { name: string; size: number },
    from: AsyncIterable<Buffer> | Buffer[],
  ): Promise<void> {
    let sink!: Sink;
    const done = new Promise<void>((resolve, reject) => {
      sink = this.pack.entry(
        { ...header, mtime: this.opts.mtime, mode: 0o644, type: 'file' },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    for await (const chunk of from) {
      if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), this.piped]);
    }
    sink.end(undefined); // streamx types want an argument; none is written
    await Promise.race([done, this.piped.then(() => done)]);
  }

  private async cleanUp(): Promise<void> {
    if (this.spoolDir) await rm(await this.spoolDir, { recursive: true, force: true });
  }
}
