import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isInline } from '../../../../libs/documents/content-sniffer.service';
import {
  DocumentUnavailableError,
  type ServedDocument,
} from '../../../../libs/documents/read-document.use-case';
import { ContentMismatchError } from '../../../../libs/documents/storage/verified-content';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/csv': 'csv',
  'text/plain': 'txt',
};

/**
 * A document served as it should be from a site that also holds people's sessions: its sniffed
 * type and nosniff (the browser takes no other view of it), inline only for PDF and images
 * (anything else downloads), a CSP that sandboxes it (no script, no forms, no same origin), never
 * cached, and a file name from its title and version, never from the upload.
 *
 * The content is checked against its SHA-256 as it streams. The first piece is taken before the
 * status is set, so a document of one piece (256 kB) that fails is refused with a page
 * (DocumentUnavailableError, 409); a longer one that fails at its end never gets its last piece
 * sent: the response is aborted (socket destroyed) short of its Content-Length, which every HTTP
 * client reports as an incomplete download. A HEAD reads the content through, sending nothing.
 */
export async function sendDocument(
  res: Response,
  served: ServedDocument,
  method: 'GET' | 'HEAD',
): Promise<void> {
  const d = served.document;
  const content = served.content();
  let first: IteratorResult<Buffer>;
  try {
    first = await content.next();
    if (method === 'HEAD') while (!(await content.next()).done);
  } catch (e) {
    if (e instanceof ContentMismatchError)
      throw new DocumentUnavailableError('hash-mismatch', served.document);
    throw e;
  }
  const inline = isInline(d.mediaType);
  const title = d.name.replace(/[/\\]/g, '-');
  const name = `${title} (version ${d.version}).${EXTENSIONS[d.mediaType] ?? 'bin'}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.status(200);
  res.setHeader(
    'Content-Type',
    d.mediaType.startsWith('text/') ? `${d.mediaType}; charset=utf-8` : d.mediaType,
  );
  res.setHeader('Content-Length', String(d.sizeBytes));
  res.setHeader(
    'Content-Disposition',
    `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; sandbox",
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-SHA-256', d.sha256);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (!first.done) yield first.value;
    yield* content;
  }
  try {
    // One chunk in hand at a time: the socket pulls the next when it has sent the last.
    await pipeline(Readable.from(all(), { highWaterMark: 1 }), res);
  } catch (e) {
    // The content failed its hash at the end: pipeline has destroyed the response, short of its
    // length, and the refusal is in the evidence (onMismatch). No page can follow the headers.
    if (e instanceof ContentMismatchError) return;
    // The reader went away mid-file: nothing more to say to them, and no page to send.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e;
  }
}
