import type { EntityManager } from 'typeorm';
import type { Authority } from '../governance/authority.service';
import type { CaseForSend, Queryable } from './case.repository';
import type { WrittenCase } from './case-reply.service';

/** What a send is given besides its case, event and sender (SendEventUseCase.send). */
export interface SendOptions {
  /** The version the sender read; required from people, omitted by the deadline worker. */
  expectedVersion?: number;
  /** Run inside the caller's transaction (the deadline worker claims its row in the same one). */
  manager?: EntityManager;
  /** How the event arrived (an email link: time, IP, user agent, link id, document hashes), for the audit. */
  evidence?: Record<string, unknown>;
  /**
   * Sent by the meetings API with a meeting's recorded outcome (meeting-case-bridge.service.ts):
   * only then may a payload carry the `fromMeeting` mark (decided-at-a-meeting.rule.ts).
   */
  fromMeeting?: boolean;
  /**
   * The case as the caller read it for the London day `on` (findManyForSend: the deadline sweep
   * reads a claimed batch's cases at once in `manager`'s transaction; the API reads the case with
   * the sender's key), sent from as the send's own read would be, the version checked by the write
   * as ever; ignored for another case or day, and read afresh where a send outside a caller's
   * transaction takes one of its own (a role rebound, a deputy covering).
   */
  read?: { row: CaseForSend; on: string };
  /** The case as the send left it, for the sender's reply: read by the write itself (`written`). */
  reply?: boolean;
}

/** Where a send's statements run. */
export interface SendDb {
  /** The send's own read and write. */
  q: Queryable;
  /** Everything else: directory reads the cache does not hold, the rare fallbacks. */
  m: EntityManager;
  /** In a transaction, statements may write one after another (rebinding a role does). */
  inTransaction: boolean;
}

export const inTransaction = (m: EntityManager, q: Queryable = m): SendDb => ({
  q,
  m,
  inTransaction: true,
});

export interface SendResult {
  caseId: string;
  version: number;
  stateKey: string;
  authority: Authority;
  /** With `reply`: the case as the write left it, unless the send took a transaction. */
  written?: WrittenCase;
}
