import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalize } from 'json-canonicalize';

/** What a checkpoint says: a council's chains' heads, as one Merkle root, at a time. */
export interface CheckpointStatement {
  format: 'ratify-audit-checkpoint/1';
  /** The council (tenant id). */
  council: string;
  /** How many cases' chains the tree holds. */
  treeSize: number;
  /** RFC 6962 Merkle Tree Hash of the leaves (merkle-tree.service.ts), hex. */
  rootHash: string;
  madeAt: string;
}

/** A statement as signed: the statement, its Ed25519 signature and the key that made it. */
export interface Signed<S> {
  statement: S;
  /** Ed25519 over the statement's canonical JSON (RFC 8785), base64. */
  signature: string;
  /** The public key, DER SubjectPublicKeyInfo, base64. */
  publicKey: string;
  /** SHA-256 of the public key's DER, hex, first 16 characters: the key's name. */
  keyId: string;
}

/** A checkpoint as published. */
export type PublishedCheckpoint = Signed<CheckpointStatement>;

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

/** The public key a checkpoint names, or one given as base64 DER or PEM. */
export function publicKeyFrom(text: string): KeyObject {
  return text.includes('BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

/**
 * Whether `cp`'s signature is good for its statement under `trusted` (else the key it names): a
 * checkpoint's, or an audit link's redaction's (audit-redaction.service.ts).
 */
export function checkpointSignatureOk(cp: Signed<object>, trusted?: KeyObject): boolean {
  try {
    const key = trusted ?? publicKeyFrom(cp.publicKey);
    return verify(
      null,
      Buffer.from(canonicalize(cp.statement)),
      key,
      Buffer.from(cp.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * The Ed25519 key that signs checkpoints (and redactions of audit links). It lives outside the database (a file, named by
 * AUDIT_SIGNING_KEY_FILE; for development made under DATA_DIR, readable by its owner only), so
 * that whoever controls the database cannot sign a rewritten history.
 */
export class CheckpointKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  /** A key of this process only (tests, and processes that make no checkpoint). */
  static ephemeral(): CheckpointKey {
    return new CheckpointKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** The key in `file` (PKCS #8 PEM), made there first when `create` and it does not exist. */
  static fromFile(file: string, create: boolean): CheckpointKey {
    if (!existsSync(file)) {
      if (!create)
        throw new Error(
          `no audit signing key at ${file}: set AUDIT_SIGNING_KEY_FILE to the Ed25519 key's PEM file`,
        );
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    }
    const key = createPrivateKey(readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`the audit signing key at ${file} is not an Ed25519 key`);
    return new CheckpointKey(key);
  }

  /** Signs a checkpoint, or a redaction of an audit link (audit-redaction.service.ts). */
  sign<S extends object>(statement: S): Signed<S> {
    return {
      statement,
      signature: sign(null, Buffer.from(canonicalize(statement)), this.privateKey).toString(
        'base64',
      ),
      publicKey: this.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      keyId: this.keyId,
    };
  }
}

/** The signing key the settings name; unset, the development one under DATA_DIR (made once). */
export function auditSigningKey(settings: {
  AUDIT_SIGNING_KEY_FILE?: string;
  DATA_DIR: string;
}): CheckpointKey {
  return settings.AUDIT_SIGNING_KEY_FILE
    ? CheckpointKey.fromFile(settings.AUDIT_SIGNING_KEY_FILE, false)
    : CheckpointKey.fromFile(`${settings.DATA_DIR}/audit-signing-key.pem`, true);
}
