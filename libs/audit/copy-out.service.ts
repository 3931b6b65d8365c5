import type { EntityManager } from 'typeorm';

/** The parts of pg's client this file uses: a custom query object (pg's "Submittable"). */
interface PgClient {
  query(submittable: CopyOut): unknown;
}
interface PgConnection {
  query(text: string): void;
}

/**
 * `COPY (…) TO STDOUT` run on pg's client as a query object of its own: pg hands it each row's
 * CopyData message (handleCopyData), copied at once into one growing buffer (a message's bytes are
 * a view of pg's read buffer, which its next read may overwrite) and decoded once at the end. pg
 * itself has no reader for COPY's rows; pg-copy-streams would be a dependency for these few lines.
 */
class CopyOut {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private size = 0;
  private failed: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly done: (error: Error | null, text?: string) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    const { chunk } = msg;
    if (this.size + chunk.length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.size + chunk.length));
      this.bytes.copy(grown, 0, 0, this.size);
      this.bytes = grown;
    }
    this.size += chunk.copy(this.bytes, this.size);
  }

  /** pg stops handing this query anything after an error: it ends here. */
  handleError(error: Error): void {
    this.failed = error;
    this.done(error);
  }

  handleReadyForQuery(): void {
    if (this.failed) return;
    this.done(null, this.bytes.toString('utf8', 0, this.size));
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
  if (!m.queryRunner) throw new Error('copyOut runs inside a transaction');
  const client = (await m.queryRunner.connect()) as PgClient;
  return new Promise((resolve, reject) => {
    client.query(new CopyOut(copy, (error, text) => (error ? reject(error) : resolve(text ?? ''))));
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
