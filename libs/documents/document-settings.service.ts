import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { DocumentKind } from './document.entity';
import { RetentionRule, retentionSchedule } from './retention-schedule';

const schema = z.object({
  /** Largest document accepted, in megabytes (MB of 1,048,576 bytes). */
  DOCUMENT_MAX_MB: z.coerce
    .number({ message: 'DOCUMENT_MAX_MB must be a number of megabytes' })
    .positive('DOCUMENT_MAX_MB must be more than 0')
    .max(1024, 'DOCUMENT_MAX_MB must be at most 1024 (1 GB)')
    .default(25),
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
  /** How long each kind is kept after its case closes (DOCUMENT_RETENTION_YEARS over the statute's). */
  readonly retention: Record<DocumentKind, RetentionRule>;

  constructor() {
    const parsed = schema.safeParse({ DOCUMENT_MAX_MB: process.env.DOCUMENT_MAX_MB || undefined });
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    this.maxBytes = Math.floor(parsed.data.DOCUMENT_MAX_MB * 1024 * 1024);
    this.retention = retentionSchedule(process.env.DOCUMENT_RETENTION_YEARS || undefined);
  }
}
