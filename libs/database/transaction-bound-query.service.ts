import { Client, escapeLiteral } from 'pg';
import { statementCount, transactionEnds } from './transaction-ends.service';

/** The settings a statement runs under: PostgreSQL's role ('none': the login's own) and council. */
export interface ConnectionBinding {
  role: string;
  tenant: string;
}

/** The parts of the pg connection a query writes its messages to (pg/lib/connection.js). */
export interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  submittedNamedStatements: Record<string, string>;
  parse(q: { text: string; name?: string; types?: number[] }): void;
  bind(b: { portal?: string; statement?: string; values?: (string | null)[] }): void;
  execute(e: { portal?: string; rows?: number }): void;
}

/** pg's own Query as this file uses it: its methods are pg's (pg/lib/query.js), not in @types/pg. */
interface PgQuery {
  text?: string;
  name?: string;
  callback?: (err: Error | null, res?: unknown) => void;
  requiresPreparation(): boolean;
  submit(connection: WireConnection): Error | null;
  handleRowDescription(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
  handleError(err: Error, connection: WireConnection): void;
}
type PgQueryClass = new (config: unknown, values?: unknown, callback?: unknown) => PgQuery;
const PgQuery = (Client as unknown as { Query: PgQueryClass }).Query;

/**
 * The binding as one statement of the extended protocol, sent ahead of a query's own Parse, Bind
 * and Execute and before their one Sync: PostgreSQL runs everything up to a Sync in one implicit
 * transaction, so the transaction-local settings hold for the query and end with it. It returns no
 * row (the WHERE is never true), so that nothing but its CommandComplete comes back.
 */
const BIND_EXTENDED =
  "SELECT 1 WHERE (set_config('role', $1, true) || set_config('app.tenant_id', $2, true)) IS NULL";

/** The same as text, ahead of a simple query (one message, one implicit transaction). */
function bindSimple(b: ConnectionBinding): string {
  return `SELECT 1 WHERE (set_config('role', ${escapeLiteral(b.role)}, true) || set_config('app.tenant_id', ${escapeLiteral(b.tenant)}, true)) IS NULL`;
}

/**
 * After BEGIN: SET LOCAL takes no snapshot, so that TypeORM's SET TRANSACTION ISOLATION LEVEL,
 * which must come before any query, may still follow.
 */
function bindLocal(b: ConnectionBinding): string[] {
  return [
    `SET LOCAL role TO ${b.role === 'none' ? 'NONE' : escapeLiteral(b.role)}`,
    `SET LOCAL app.tenant_id TO ${escapeLiteral(b.tenant)}`,
  ];
}

/** Refused, not sent: the statements after the end would run bound to no council. */
const MIDWAY =
  "a COMMIT or ROLLBACK with more statements after it in the same text would leave them bound to no council (ADR 0039): send the transaction's end as the text's last statement";

/** Refused, not sent: the SET LOCALs could not follow it in the same message. */
const CHAIN_PREPARED =
  'COMMIT or ROLLBACK AND CHAIN with parameters or a name cannot carry its council into the transaction it opens (ADR 0039): send it as plain text';

/** A text that opens a transaction and does nothing else. */
const OPENS_A_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION)\b[^;]*;?\s*$/i;

/**
 * Statements PostgreSQL refuses inside a transaction block or a pipeline; they touch no council's
 * rows, so they run as given. CONCURRENTLY only where such a statement begins (an index's, a
 * partition's detaching): anywhere in a text, a comment's word would send a query unbound.
 */
const OUTSIDE_EVERY_TRANSACTION =
  /^\s*(VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|(CREATE|DROP)\s+TABLESPACE|REINDEX\s+(SYSTEM|DATABASE))\b|^\s*(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX|ALTER\s+TABLE)\b[^;]*\bCONCURRENTLY\b/i;

/**
 * A pg query that carries its council in its own transaction (ADR 0039). Decided when pg sends it,
 * from the transaction status of the last ReadyForQuery (pg queues a client's queries and sends
 * each after the one before has finished):
 * - inside a transaction ('T', or 'E' failed): sent as given; the binding came with its BEGIN;
 * - a BEGIN: `BEGIN; SET LOCAL role …; SET LOCAL app.tenant_id …`, one message;
 * - any other statement: the binding's set_config(…, true) ahead of it in the same implicit
 *   transaction (the same simple-query text, or the extended protocol's messages before its Sync).
 * No extra round trip, and nothing is left on the connection after the transaction ends. The
 * binding's own replies (its CommandComplete, and in a simple query its RowDescription) are
 * dropped, so the caller sees the replies of its own statements only.
 */
export class TransactionBoundQuery extends PgQuery {
  private dropRowDescriptions = 0;
  /** CommandCompletes to drop: the `dropFrom`th (0-based) and the `dropCount - 1` after it. */
  private dropFrom = 0;
  private dropCount = 0;
  /** And the two SET LOCALs after a closing AND CHAIN: the `dropChainFrom`th and the next. */
  private dropChainFrom = -1;
  private completes = 0;
  /** The statement's name, hidden from the client while the binding's ParseComplete comes back. */
  private hiddenName: string | undefined;

  constructor(
    config: unknown,
    values: unknown,
    callback: unknown,
    private readonly status: () => string | null,
    private readonly binding: ConnectionBinding,
  ) {
    super(config, values, callback);
  }

  override submit(connection: WireConnection): Error | null {
    const text = this.text ?? '';
    const open = this.status() !== 'I';
    if (this.requiresPreparation()) {
      // One statement (PostgreSQL refuses more in a Parse); outside a transaction, an AND CHAIN
      // is refused by PostgreSQL itself.
      if (open && transactionEnds(text, true) === 'chains') return new Error(CHAIN_PREPARED);
      if (open || OUTSIDE_EVERY_TRANSACTION.test(text)) return super.submit(connection);
      return this.submitExtended(connection);
    }
    // Several statements in one text: one that ends a transaction must be the last, and a
    // closing AND CHAIN hands the binding on to the transaction it opens.
    const ends = transactionEnds(text);
    if (ends === 'midway') return new Error(MIDWAY);
    const prefixed = !open && !OUTSIDE_EVERY_TRANSACTION.test(text);
    if (prefixed && OPENS_A_TRANSACTION.test(text)) {
      const local = bindLocal(this.binding);
      // A line each: a comment at the end of the caller's text must not swallow the binding.
      this.text = [text.replace(/;?\s*$/, ''), ...local].join('\n; ');
      this.dropFrom = 1;
      this.dropCount = local.length;
    } else if (prefixed) {
      this.text = `${bindSimple(this.binding)};\n${text}`;
      this.dropRowDescriptions = 1;
      this.dropCount = 1;
    }
    if (ends === 'chains') {
      this.dropChainFrom = statementCount(text) + (prefixed ? 1 : 0);
      this.text = [(this.text ?? '').replace(/;?\s*$/, ''), ...bindLocal(this.binding)].join(
        '\n; ',
      );
    }
    return super.submit(connection);
  }

  /** The binding as Parse/Bind/Execute messages ahead of the statement's own, before its Sync. */
  private submitExtended(connection: WireConnection): Error | null {
    // What pg refuses before sending anything, it must refuse before the binding is sent too.
    if (this.refusedByPg(connection)) return super.submit(connection);
    connection.stream.cork?.();
    try {
      connection.parse({ text: BIND_EXTENDED, name: '', types: [] });
      connection.bind({ values: [this.binding.role, this.binding.tenant] });
      connection.execute({});
      this.dropCount = 1;
      const refused = super.submit(connection);
      // pg marks a named statement parsed at the first ParseComplete while it is the active
      // query; the first is the binding's, so the name is hidden until the binding has answered.
      if (!refused && this.name) {
        this.hiddenName = this.name;
        this.name = undefined;
      }
      return refused;
    } finally {
      connection.stream.uncork?.();
    }
  }

  /** pg's own checks at submit (pg/lib/query.js), which send nothing when they fail. */
  private refusedByPg(connection: WireConnection & { parsedStatements?: object }): boolean {
    const values = (this as { values?: unknown }).values;
    if (typeof this.text !== 'string' && typeof this.name !== 'string') return true;
    if (values && !Array.isArray(values)) return true;
    if (!this.name || !this.text) return false;
    const parsed = (connection.parsedStatements ?? {}) as Record<string, string>;
    const previous = parsed[this.name] ?? connection.submittedNamedStatements[this.name];
    return previous !== undefined && previous !== this.text;
  }

  override handleRowDescription(msg: unknown): void {
    if (this.dropRowDescriptions > 0) {
      this.dropRowDescriptions--;
      return;
    }
    super.handleRowDescription(msg);
  }

  override handleCommandComplete(msg: unknown, connection: WireConnection): void {
    const at = this.completes++;
    if (
      (at >= this.dropFrom && at < this.dropFrom + this.dropCount) ||
      (this.dropChainFrom >= 0 && at >= this.dropChainFrom && at < this.dropChainFrom + 2)
    ) {
      this.showName();
      return;
    }
    super.handleCommandComplete(msg, connection);
  }

  override handleError(err: Error, connection: WireConnection): void {
    // The binding failed: PostgreSQL skipped the statement's Parse up to the Sync.
    if (this.hiddenName) delete connection.submittedNamedStatements[this.hiddenName];
    this.showName();
    super.handleError(err, connection);
  }

  private showName(): void {
    if (this.hiddenName === undefined) return;
    this.name = this.hiddenName;
    this.hiddenName = undefined;
  }
}
