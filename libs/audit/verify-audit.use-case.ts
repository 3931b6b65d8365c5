import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { CaseNotFoundError } from '../errors/domain.errors';
import type { ChainFinding, StoredLink } from './audit-chain.service';
import { AuditRepository, type CaseHead } from './audit.repository';
import { type TrailLink, withEvidence } from './answer-evidence.service';
import { CheckpointKey } from './checkpoint-key.service';
import { ResponseEvidenceRepository } from './response-evidence.repository';
import { tenantScope } from '../core/tenant-scope';
import { acrossCouncils } from '../core/across-councils';
import { report } from '../core/observations';
import { type RawBatch, verifyAgainstHead } from './verify-batch.service';
import { VerifyBatchPool } from './verify-batch-pool.service';

/** Batches handed to the worker threads ahead of their findings, a thread. */
const IN_FLIGHT = 2;

/** A batch being read: its cases as soon as they are known, then the whole batch. */
interface Reading {
  cases: Promise<CaseHead[]>;
  batch: Promise<Omit<RawBatch, 'cases'> & { cases: CaseHead[] }>;
}

interface Verified {
  caseId: string;
  reference: string;
  tenantId: string;
  finding: ChainFinding;
}

/** Verifies audit chains: one case's, or every case's (for `npm run audit:verify`). */
@Injectable()
export class VerifyAuditUseCase {
  /**
   * `key`: the checkpoint key, whose public half a redacted link's statement must be signed with
   * (docs/adr/0020); without it (a tool given none), the key each statement names.
   */
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    @Optional() @Inject(CheckpointKey) private readonly key?: Pick<CheckpointKey, 'publicKey'>,
  ) {}

  /**
   * The chain's links as they were hashed, each answer's personal evidence beside its link (kept
   * outside the chain since docs/adr/0020), checked against the link's commitment.
   */
  async trail(tenantId: string, caseId: string): Promise<TrailLink[]> {
    await this.expectCase(tenantId, caseId);
    const links = await this.audit.chain(tenantScope(tenantId), this.ds.manager, caseId);
    return withEvidence(
      links,
      await ResponseEvidenceRepository.forCase(tenantScope(tenantId), this.ds.manager, caseId),
    );
  }

  /**
   * The trail (as `trail` gives it) and the chain's finding (as `verifyCase` gives it) from one
   * read of the case's head, its links and their evidence: the case page and the certificate show
   * both, and read each twice before (issue #21).
   */
  async verifiedTrail(
    tenantId: string,
    caseId: string,
  ): Promise<{ trail: TrailLink[]; chain: ChainFinding }> {
    const { version, head } = await this.expectCase(tenantId, caseId);
    const scope = tenantScope(tenantId);
    const links = await this.audit.chain(scope, this.ds.manager, caseId);
    const evidence = await ResponseEvidenceRepository.forCase(scope, this.ds.manager, caseId);
    return {
      trail: withEvidence(links, evidence),
      chain: this.verifyAgainstHead(links, version, head),
    };
  }

  /**
   * The chain walked link by link, then its last hash compared with the head the case row keeps
   * (cases.audit_head, written with each link): a chain rewritten and re-hashed whole, from a
   * record onwards, no longer ends where the case says it does. (One who rewrote the case row too
   * is caught against a signed checkpoint: verify-checkpoint.use-case.ts.)
   */
  async verifyCase(tenantId: string, caseId: string): Promise<ChainFinding> {
    const { version, head } = await this.expectCase(tenantId, caseId);
    const links = await this.audit.chain(tenantScope(tenantId), this.ds.manager, caseId);
    return this.verifyAgainstHead(links, version, head);
  }

  /** One case's chain verified as a page or the API asks, reported to the metrics. */
  private verifyAgainstHead(links: StoredLink[], version: number, head: string): ChainFinding {
    const finding = verifyAgainstHead(links, version, head, this.key?.publicKey);
    report({ kind: 'audit-verify', outcome: finding.ok ? 'intact' : 'broken' });
    return finding;
  }

  /**
   * Every case's chain, council by council (ADR 0015): across councils only which have cases,
   * then each council's cases verified bound to it, `batch` cases at a time: their rows in one
   * query and all their links in another, read while the batches before are parsed and hashed on
   * worker threads (VerifyBatchPool), up to IN_FLIGHT a thread (two queries a case made 1,000,000
   * records take minutes; issue #21). `pool`: threads the caller started sooner (and closes);
   * without it, one opened here and closed when done.
   */
  async verifyAll(batch = 2000, given?: VerifyBatchPool): Promise<Verified[]> {
    const pool = given ?? VerifyBatchPool.open(this.key?.publicKey);
    try {
      const perCouncil = await forEachCouncilWithWork(
        () => this.audit.councilsWithCases(acrossCouncils('tool'), this.ds.manager),
        (tenantId) => this.verifyCouncil(pool, tenantId, batch),
      );
      return perCouncil.flat();
    } finally {
      if (!given) await pool.close();
    }
  }

  private async verifyCouncil(
    pool: VerifyBatchPool,
    tenantId: string,
    batch: number,
  ): Promise<Verified[]> {
    const pending: Promise<Verified[]>[] = [];
    const inFlight = IN_FLIGHT * Math.max(1, pool.threads);
    let reading: Reading | null = this.readBatch(tenantId, null, batch);
    while (reading) {
      // The next batch is read from this one's last case as soon as its cases are known, while
      // PostgreSQL still writes this one's links: two batches' links written at once, on two
      // connections (one PostgreSQL process is one core; the machine may have more).
      const cases: CaseHead[] = await reading.cases;
      const following: Reading | null =
        cases.length < batch ? null : this.readBatch(tenantId, cases[cases.length - 1], batch);
      const read = await reading.batch;
      reading = following;
      if (read.cases.length === 0) break;
      const verified = pool.verify(read).then((findings) =>
        read.cases.map((c, i) => ({
          caseId: c.id,
          reference: c.reference,
          tenantId,
          finding: findings[i],
        })),
      );
      // Awaited in order below; a failure is not left unhandled meanwhile.
      verified.catch(() => undefined);
      pending.push(verified);
      if (pending.length >= inFlight) await pending[pending.length - inFlight];
    }
    return (await Promise.all(pending)).flat();
  }

  /**
   * The council's next `limit` cases after `after` (by creation, then id), with their links; the
   * cases given as soon as they are read (`cases`), the links when they are (`batch`).
   */
  private readBatch(tenantId: string, after: CaseHead | null, limit: number): Reading {
    let casesRead: (cases: CaseHead[]) => void = () => undefined;
    const cases = new Promise<CaseHead[]>((resolve) => (casesRead = resolve));
    // One snapshot for the heads and their links: a case that moves on between the two reads
    // would otherwise show a chain longer than its head, reported as tampering on a live database.
    const batch = this.ds.transaction('REPEATABLE READ', async (m) => {
      const scope = tenantScope(tenantId);
      const heads = await this.audit
        .caseHeadsAfter(scope, m, after, limit)
        .catch(
          unread(
            `council ${tenantId}'s ${after ? `cases after ${after.reference}` : 'first cases'}`,
          ),
        );
      casesRead(heads);
      const links = await this.audit
        .rawChains(
          scope,
          m,
          heads.map((c) => c.id),
        )
        .catch(
          unread(
            `the audit records of cases ${heads[0]?.reference} to ${heads.at(-1)?.reference} (council ${tenantId})`,
          ),
        );
      return { tenantId, cases: heads, links };
    });
    // A transaction that fails before its cases are read fails `cases` too; neither is left
    // unhandled when the reader stopped before awaiting it.
    const either = Promise.race([cases, batch.then((b) => b.cases)]);
    either.catch(() => undefined);
    batch.catch(() => undefined);
    return { cases: either, batch };
  }

  private async expectCase(
    tenantId: string,
    caseId: string,
  ): Promise<{ version: number; head: string }> {
    const found = await this.audit.caseHead(tenantScope(tenantId), this.ds.manager, caseId);
    if (!found) throw new CaseNotFoundError(caseId);
    return found;
  }
}

/**
 * What could not be read, and why (PostgreSQL's words alone name no case): audit:verify prints the
 * message of what fails its run (exit 2), for whoever runs it to find the records.
 */
function unread(what: string): (e: unknown) => never {
  return (e) => {
    throw new Error(`could not read ${what}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  };
}
