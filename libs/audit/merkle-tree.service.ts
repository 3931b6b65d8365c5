import { createHash } from 'node:crypto';

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * The Merkle Tree Hash of RFC 6962 (section 2.1), as Certificate Transparency signs its tree
 * heads: leaves hashed with a 0x00 prefix, nodes with 0x01, the tree split at the largest power of
 * two below its size, so that a leaf can never pass for a node. Hex.
 */
export function merkleRoot(leaves: Buffer[]): string {
  return leaves.length === 0 ? sha256().toString('hex') : mth(leaves).toString('hex');
}

function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return sha256(LEAF, leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(NODE, mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
