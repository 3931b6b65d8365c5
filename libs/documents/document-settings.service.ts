import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CONTENT_STORES, type ContentStoreName } from './storage/content-store';
import type { S3Location } from './storage/s3-content.store';

const schema = z.object({
  /** Largest document accepted, in megabytes (MB of 1,048,576 bytes). */
  DOCUMENT_MAX_MB: z
    .string()
    .trim()
    .min(
      1,
      'DOCUMENT_MAX_MB is empty: set a number of megabytes more than 0, at most 1024, or unset it for its default (25)',
    )
    .pipe(
      z.coerce
        .number<string>({ message: 'DOCUMENT_MAX_MB must be a number of megabytes' })
        .positive('DOCUMENT_MAX_MB must be more than 0')
        .max(1024, 'DOCUMENT_MAX_MB must be at most 1024 (1 GB)'),
    )
    .default(25),
  /** Where new documents' bytes go: postgresql (the default) or s3 (ADR 0017). */
  DOCUMENT_STORE: z
    .enum(CONTENT_STORES, { message: 'DOCUMENT_STORE must be postgresql or s3' })
    .default('postgresql'),
  DOCUMENT_S3_BUCKET: z.string().min(3).optional(),
  DOCUMENT_S3_REGION: z.string().default('eu-west-2'),
  DOCUMENT_S3_ENDPOINT: z
    .string()
    .url('DOCUMENT_S3_ENDPOINT must be an address such as https://s3.example.org')
    .optional(),
  DOCUMENT_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  DOCUMENT_S3_PREFIX: z.string().default(''),
});

/** "25 MB", "512 kB": a limit as people read it. */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} bytes`;
}

/**
 * The documents' own settings, read from the environment when the app starts (a bad value stops
 * it, naming the fix). Kept beside the documents rather than in the shared settings file.
 */
@Injectable()
export class DocumentSettings {
  readonly maxBytes: number;
  /** Where new documents' bytes go; each document keeps the store it was written to. */
  readonly store: ContentStoreName;
  /** The object store (credentials from the AWS SDK's chain: AWS_ACCESS_KEY_ID…), if set. */
  readonly s3: S3Location | null;

  constructor() {
    // An empty DOCUMENT_MAX_MB= is refused, as every number setting is (libs/config): read as the
    // default it would hide a typo in an env file. The other documents' settings read empty as unset.
    const env = (name: keyof z.input<typeof schema>) =>
      name === 'DOCUMENT_MAX_MB' ? process.env[name] : process.env[name] || undefined;
    const parsed = schema.safeParse(
      Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env(k as never)])),
    );
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const p = parsed.data;
    this.maxBytes = Math.floor(p.DOCUMENT_MAX_MB * 1024 * 1024);
    this.store = p.DOCUMENT_STORE;
    if (p.DOCUMENT_STORE === 's3' && !p.DOCUMENT_S3_BUCKET)
      throw new Error('DOCUMENT_STORE=s3 needs DOCUMENT_S3_BUCKET, the bucket documents go in');
    this.s3 = p.DOCUMENT_S3_BUCKET
      ? {
          bucket: p.DOCUMENT_S3_BUCKET,
          region: p.DOCUMENT_S3_REGION,
          endpoint: p.DOCUMENT_S3_ENDPOINT,
          forcePathStyle: p.DOCUMENT_S3_FORCE_PATH_STYLE === 'true',
          prefix: p.DOCUMENT_S3_PREFIX,
        }
      : null;
  }
}
