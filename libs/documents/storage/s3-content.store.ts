import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { ContentStore } from './content-store';

/** Where the object store is and how to reach it (DocumentSettings reads them from the environment). */
export interface S3Location {
  bucket: string;
  region: string;
  /** An S3-compatible service's address (MinIO, Ceph, a cloud's own); none for AWS itself. */
  endpoint?: string;
  /** bucket in the path rather than the host name, as most S3-compatible services want. */
  forcePathStyle: boolean;
  /** Put before each key, so that one bucket can hold more than one deployment's documents. */
  prefix: string;
  /** From the SDK's own chain (environment, profile, instance role) when not given. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Size of the parts of a multipart upload: S3's smallest (5 MiB), and the most held in memory. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Documents' bytes in object storage through the S3 API (ADR 0017), one object per document
 * version under `<prefix><tenant>/<document>`. Written as a streamed multipart upload, one part
 * in flight at a time, and read as the object's body stream, so memory stays at a part at most
 * whatever the document's size. The bucket's own settings (encryption, versioning, object lock,
 * no public access) are the council's to set; versioning must not keep a disposed document's
 * old versions, or retention does not dispose of it.
 */
export class S3ContentStore implements ContentStore {
  readonly name = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly at: S3Location) {
    const config: S3ClientConfig = {
      region: at.region,
      forcePathStyle: at.forcePathStyle,
      // No CRC checksums unless the API requires them: S3-compatible services vary in taking
      // them (and the aws-chunked bodies they bring), and every read is checked against the
      // document's own SHA-256 anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(at.endpoint ? { endpoint: at.endpoint } : {}),
      ...(at.credentials ? { credentials: at.credentials } : {}),
    };
    this.client = new S3Client(config);
  }

  private key(tenantId: string, documentId: string): string {
    return `${this.at.prefix}${tenantId}/${documentId}`;
  }

  async write(
    _m: EntityManager,
    tenantId: string,
    documentId: string,
    source: AsyncIterable<Buffer>,
  ): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.at.bucket,
        Key: this.key(tenantId, documentId),
        Body: Readable.from(source, { highWaterMark: 1 }),
        ContentType: 'application/octet-stream',
      },
      partSize: PART_BYTES,
      queueSize: 1,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async *read(tenantId: string, documentId: string): AsyncGenerator<Buffer> {
    let body: AsyncIterable<Uint8Array>;
    try {
      const got = await this.client.send(
        new GetObjectCommand({ Bucket: this.at.bucket, Key: this.key(tenantId, documentId) }),
      );
      body = got.Body as AsyncIterable<Uint8Array>;
    } catch (e) {
      // Nothing stored (disposed of, or never written): nothing to read, as with PostgreSQL.
      if (e instanceof NoSuchKey) return;
      throw e;
    }
    for await (const piece of body) yield Buffer.from(piece.buffer, piece.byteOffset, piece.length);
  }

  async remove(_m: EntityManager, tenantId: string, documentId: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.at.bucket, Key: this.key(tenantId, documentId) }),
    );
  }

  /** Closes the client's sockets (tests and shutdown). */
  close(): void {
    this.client.destroy();
  }
}
