import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Location } from '../documents/storage/s3-content.store';

/**
 * A real S3-compatible server (s3rver: the S3 REST API over HTTP, objects in files) on a free
 * loopback port with one empty bucket, for the object-storage adapter's tests. s3rver accepts the
 * access key and secret "S3RVER" and checks the requests' signatures.
 */
export async function startS3TestServer(bucket = 'ratify-documents') {
  const directory = mkdtempSync(join(tmpdir(), 'ratify-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const location: S3Location = {
    bucket,
    region: 'eu-west-2',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    prefix: 'test/',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  return {
    location,
    directory,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
