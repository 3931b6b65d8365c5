import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Tokens for one-time action links. A token is HMAC-SHA256(secret, link id): 256 bits, never
 * stored (only its SHA-256 is), and the same for the same link, so that an email redelivered after
 * a crash carries the same working link. The CSRF token of the link's form is derived likewise.
 */
export class LinkTokens {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the link secret must be at least 32 bytes');
  }

  /** For tests and tools that never send a real link. */
  static ephemeral(): LinkTokens {
    return new LinkTokens(randomBytes(32));
  }

  /** LINK_SECRET when set; otherwise a random secret kept in a file under DATA_DIR. */
  static fromSettings(secret: string | undefined, file: string): LinkTokens {
    if (secret) return new LinkTokens(Buffer.from(secret, 'utf8'));
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    return new LinkTokens(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
  }

  tokenFor(linkId: string): string {
    return createHmac('sha256', this.secret).update(`link:${linkId}`).digest('base64url');
  }

  csrfFor(linkId: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${linkId}`).digest('base64url');
  }

  /**
   * An emailed step-up code as kept (HMAC under this secret, bound to its link): six digits are
   * too few to keep as a plain hash, which anyone reading the database could reverse.
   */
  codeHashFor(linkId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`step-up:${linkId}:${code}`).digest('hex');
  }

  /** The secret part of a calendar feed's address: calendar clients cannot sign in. */
  feedTokenFor(subject: string): string {
    return createHmac('sha256', this.secret).update(`feed:${subject}`).digest('base64url');
  }
  /** The address of a calendar feed, with its token: calendar clients cannot sign in. */
  feedPath(kind: 'people' | 'bodies', id: string): string {
    return `/calendar/${kind}/${id}.ics?token=${this.feedTokenFor(`${kind}:${id}`)}`;
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
