import busboy from 'busboy';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ReceivedFile } from '../../../../libs/documents/upload-documents.use-case';

/** A multipart form as received: its text fields, and its files on disk (until `discard`). */
export interface ReceivedForm {
  fields: Record<string, string>;
  /** By field name; a file input left empty is absent. */
  files: Record<string, ReceivedFile>;
  /** The body was not a well-formed multipart form (or was cut off): nothing in it is used. */
  broken: boolean;
  discard(): Promise<void>;
}

/**
 * Reads a multipart/form-data body as it streams (ADR 0008): each file goes to a temporary file,
 * hashed on the way, and stops being written at `maxFileBytes` (the rest is read and dropped, and
 * the file marked truncated). Memory holds a chunk at a time, whatever the size. A body that is
 * not multipart reads as an empty form.
 */
export async function receiveMultipart(
  req: Request,
  limits: { maxFileBytes: number; maxFiles: number },
): Promise<ReceivedForm> {
  const dir = await mkdtemp(join(tmpdir(), 'ratify-upload-'));
  const form: ReceivedForm = {
    fields: {},
    files: {},
    broken: false,
    discard: () => rm(dir, { recursive: true, force: true }),
  };
  // Anything else was read already by the JSON or form parser (or has no body): an empty form.
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '') || req.readableEnded)
    return form;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // The file's name as sent, path and all: a name with a path in it is refused by the upload
      // (upload-documents.use-case.ts), never quietly cut to its last part.
      preservePath: true,
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fields: 50,
        fieldSize: 10_000,
        parts: 100,
      },
    });
  } catch {
    req.resume();
    form.broken = true;
    return form;
  }
  const writes: Promise<void>[] = [];
  let n = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('field', (name, value) => {
        form.fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (!info.filename) {
          stream.resume(); // an empty file input
          return;
        }
        const path = join(dir, `f${n++}`);
        const hash = createHash('sha256');
        const file: ReceivedFile = {
          fileName: info.filename,
          path,
          size: 0,
          sha256: '',
          truncated: false,
        };
        stream.on('limit', () => {
          file.truncated = true;
        });
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            file.size += chunk.length;
            done(null, chunk);
          },
        });
        writes.push(
          pipeline(stream, counter, createWriteStream(path)).then(() => {
            file.sha256 = hash.digest('hex');
            form.files[name] = file;
          }),
        );
      });
      parser.on('close', () => resolve());
      parser.on('error', reject);
      req.on('aborted', () => reject(new Error('upload aborted')));
      req.pipe(parser);
    });
    await Promise.all(writes);
  } catch {
    await Promise.allSettled(writes);
    await form.discard();
    req.resume();
    return { ...form, fields: {}, files: {}, broken: true };
  }
  return form;
}
