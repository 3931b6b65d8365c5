import { createHash } from 'node:crypto';

/** The content read does not match the SHA-256 and size its row records: never to be served. */
export class ContentMismatchError extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId}: the stored content does not match its SHA-256`);
  }
}

/**
 * The content as it is read, hashed on the way, with the last piece held back until the whole
 * has been hashed: if the SHA-256 or the size is not the one recorded, the last piece is never
 * yielded and ContentMismatchError is thrown instead. A response fed from this therefore stops
 * short of its Content-Length and is aborted (the socket destroyed), so the reader can never
 * take it for the complete document; a document of one piece is refused before a byte is sent.
 * Nothing holds more than two pieces at once.
 */
export async function* verifiedContent(
  documentId: string,
  source: AsyncIterable<Buffer>,
  expected: { sha256: string; size: number },
  onMismatch?: (bytesYielded: number) => Promise<unknown>,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | null = null;
  let yielded = 0;
  const refuse = async () => {
    await onMismatch?.(yielded);
    return new ContentMismatchError(documentId);
  };
  for await (const piece of source) {
    if (piece.length === 0) continue;
    size += piece.length;
    if (size > expected.size) throw await refuse();
    hash.update(piece);
    if (held) {
      yielded += held.length;
      yield held;
    }
    held = piece;
  }
  if (size !== expected.size || hash.digest('hex') !== expected.sha256) throw await refuse();
  if (held) yield held;
}
