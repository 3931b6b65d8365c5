import { isAscii } from 'node:buffer';
import type { EntityManager } from 'typeorm';

/** The parts of pg's client this file uses: a custom query object (pg's "Submittable"). */
interface PgClient {
  query(submittable: CopyOut): unknown;
}
interface PgConnection {
  query(text: string): void;
}

/**
 * What `COPY (…) TO STDOUT` wrote, as the bytes PostgreSQL sent (UTF-8): the first `length` of an
 * ArrayBuffer of their own, which can be handed to a worker thread whole without a copy
 * (transferred), where decoding them costs that thread, not the reading one (issue #21).
 */
export interface CopyBytes {
  buffer: ArrayBuffer;
  length: number;
}

/**
 * The text of COPY's bytes. Text of ASCII only (as most audit records are) is read byte for byte
 * (latin1, which for ASCII is the same text), a fifth of the CPU of decoding UTF-8 (~35 against
 * ~7 ms for a batch's 10 MB); anything else as UTF-8.
 */
export function copyText({ buffer, length }: CopyBytes): string {
  const bytes = Buffer.from(buffer, 0, length);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Buffers whose bytes were read (copyText) and are no longer needed, given back (giveBack) to be
 * written again: a fresh one of ~10 MB costs the reading thread its zeroing and a page fault for
 * each of its pages as it is first written (audit:verify's next batch; issue #21).
 */
const givenBack: ArrayBuffer[] = [];
const MOST_GIVEN_BACK = 4;

/** A buffer whose bytes nobody needs any more, for the next COPY to write into. */
export function giveBack(buffer: ArrayBuffer): void {
  if (givenBack.length < MOST_GIVEN_BACK && buffer.byteLength > 0) givenBack.push(buffer);
}

/** A buffer of at least `size` bytes: one given back if one is large enough, else a new one. */
function bufferOf(size: number): Uint8Array<ArrayBuffer> {
  const i = givenBack.findIndex((b) => b.byteLength >= size);
  return i < 0 ? new Uint8Array(size) : new Uint8Array(givenBack.splice(i, 1)[0]);
}

/**
 * `COPY (…) TO STDOUT` run on pg's client as a query object of its own: pg hands it each row's
 * CopyData message (handleCopyData), copied at once into one growing buffer (a message's bytes are
 * a view of pg's read buffer, which its next read may overwrite), given whole at the end. pg
 * itself has no reader for COPY's rows; pg-copy-streams would be a dependency for these few lines.
 * The buffer is an ArrayBuffer of this query's own (never Node's shared pool): it may be transferred.
 */
class CopyOut {
  /** The last COPY's size: the next (audit:verify's next batch) is most likely of about as many. */
  private static lastSize = 1 << 20;
  private bytes = bufferOf(Math.ceil(CopyOut.lastSize * 1.125));
  private size = 0;
  private failed: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly done: (error: Error | null, bytes?: CopyBytes) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    const { chunk } = msg;
    if (this.size + chunk.length > this.bytes.length) {
      const grown = bufferOf(Math.max(this.bytes.length * 2, this.size + chunk.length));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    // TypedArray's own set: Buffer's copy() checks and converts its arguments first, a cost paid
    // for each of a million rows.
    this.bytes.set(chunk, this.size);
    this.size += chunk.length;
  }

  /** pg stops handing this query anything after an error: it ends here. */
  handleError(error: Error): void {
    this.failed = error;
    this.done(error);
  }

  handleReadyForQuery(): void {
    if (this.failed) return;
    CopyOut.lastSize = Math.max(this.size, 1 << 16);
    this.done(null, { buffer: this.bytes.buffer, length: this.size });
  }

  // A COPY's replies besides its rows: nothing to keep.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
}

/**
 * The text `COPY (…) TO STDOUT` (text format) writes: a line a row, its fields separated by tabs,
 * each escaped as COPY escapes them (`\\`, `\t`, `\n`, …; `\N` for NULL). On the manager's own
 * connection, so in its transaction: call inside one (the connection and its council are the
 * transaction's; ADR 0039). COPY takes no parameters: the statement carries its values as literals.
 */
export async function copyOut(m: EntityManager, copy: string): Promise<string> {
  return copyText(await copyOutBytes(m, copy));
}

/** As copyOut, the text as the bytes PostgreSQL sent, undecoded (CopyBytes). */
export async function copyOutBytes(m: EntityManager, copy: string): Promise<CopyBytes> {
  if (!m.queryRunner) throw new Error('copyOut runs inside a transaction');
  const client = (await m.queryRunner.connect()) as PgClient;
  return new Promise((resolve, reject) => {
    client.query(
      new CopyOut(copy, (error, bytes) =>
        error ? reject(error) : resolve(bytes ?? { buffer: new ArrayBuffer(0), length: 0 }),
      ),
    );
  });
}

/** A COPY text field as it was: `\N` is NULL, and each backslash escape undone. */
export function copyField(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\(.)/gs, unescapeOne) : field;
}

const ESCAPED: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function unescapeOne(_: string, c: string): string {
  return ESCAPED[c] ?? c;
}
