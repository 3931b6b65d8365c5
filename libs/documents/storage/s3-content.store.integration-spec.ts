import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { startS3TestServer } from '../../testing/s3-test-server.service';
import { S3ContentStore } from './s3-content.store';
import { verifiedContent, ContentMismatchError } from './verified-content';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const noTransaction = {} as EntityManager;

async function* inPieces(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

async function readAll(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

/** Every file under the s3rver's directory, with its size: what it holds on disk. */
function filesUnder(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .map((p) => ({ path: p, size: statSync(p).size }));
}

describe('documents in object storage through the S3 API, against a real S3-compatible server', () => {
  let s3: Awaited<ReturnType<typeof startS3TestServer>>;
  let store: S3ContentStore;

  beforeAll(async () => {
    s3 = await startS3TestServer();
    store = new S3ContentStore(s3.location);
  });
  afterAll(async () => {
    store?.close();
    await s3?.stop();
  });

  it('writes a document larger than a part as a streamed multipart upload, reads it back whole and in order, and removes it for good', async () => {
    // 11 MB: three parts of 5 MiB at most, sent one at a time.
    const content = randomBytes(11 * 1024 * 1024);
    const tenant = '0b0f5c9e-8d7e-4d0b-9f6b-1a2b3c4d5e6f';
    const id = '6f1e2d3c-4b5a-4987-8765-43210fedcba9';
    await store.write(noTransaction, tenant, id, inPieces(content, 256 * 1024));

    const stored = filesUnder(s3.directory).filter((f) => f.size === content.length);
    expect(stored).toHaveLength(1);
    const back = await readAll(store.read(tenant, id));
    expect(back.length).toBe(content.length);
    expect(sha(back)).toBe(sha(content));

    await store.remove(noTransaction, tenant, id);
    expect(filesUnder(s3.directory).filter((f) => f.size === content.length)).toHaveLength(0);
    expect((await readAll(store.read(tenant, id))).length).toBe(0);
  });

  it('keeps a small document as one object under the tenant and its id, and a read checked against the wrong hash is refused', async () => {
    const content = Buffer.from('%PDF-1.4\nA short plan\n');
    const tenant = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const id = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
    await store.write(noTransaction, tenant, id, inPieces(content, 256 * 1024));
    expect(sha(await readAll(store.read(tenant, id)))).toBe(sha(content));
    await expect(
      readAll(
        verifiedContent(id, store.read(tenant, id), {
          sha256: sha(Buffer.from('another plan')),
          size: content.length,
        }),
      ),
    ).rejects.toBeInstanceOf(ContentMismatchError);
    // Another tenant's key is another object: nothing there.
    expect((await readAll(store.read('9f9f9f9f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', id))).length).toBe(0);
  });
});
