import type request from 'supertest';

/** A supertest parser that keeps a response's bytes, whatever its type (an archive, a document). */
export function binaryBody(
  res: request.Response,
  done: (e: Error | null, body: unknown) => void,
): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
