import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, TemplateVersionNotInThisBuildError } from '../errors/domain.errors';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { londonDate } from '../governance/working-day-calendar.service';
import { CaseRepository, type CaseForSend } from './case.repository';
import { SendEventUseCase, type SendOptions } from './send-event.use-case';
import { deadlineOutcomeOf } from './lifecycle/lifecycle.rules';
import { acrossCouncils } from '../core/across-councils';
import { RELEASED_HERE } from '../workflows/template.registry';
import {
  VersionsLeftToNewerBuild,
  type DueOnVersion,
} from '../workflows/newer-build-versions.service';
import {
  DeadlineSweepRepository,
  type ClaimedRow,
  type DueRow,
  type Settled,
} from './deadline-sweep.repository';

export interface SweepResult {
  fired: number;
  stale: number;
}

/**
 * Fires due deadlines and reminders. Each row is claimed with FOR UPDATE SKIP LOCKED and settled
 * in the same transaction as the event it sends, so any number of workers, and any crash, fire
 * each deadline exactly once in effect.
 */
@Injectable()
export class DeadlineSweepService {
  private readonly log = new Logger('DeadlineSweep');
  private readonly newer = new VersionsLeftToNewerBuild(['deadline', 'deadlines'], (m) =>
    this.log.warn(m),
  );

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sendEvent: SendEventUseCase,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineSweepRepository,
  ) {}

  /**
   * Fires up to `maxRows` due rows. A worker runs this once a tick (1 s by default) and skips ticks
   * while it runs, so the bound caps a worker's rate only when the work takes less than a tick: at
   * 100 it capped three workers at 300 a second, 33 s for 10,000 deadlines due at once, whatever
   * the machine (issue #21). Rows are claimed and settled `batch` at a time in one transaction
   * each (a claim, the events, one settling statement, one commit), as the outbox sends a batch.
   * `onBatch` hears of each batch committed, `full` when it claimed as many rows as it asked for
   * (more are likely due): the worker sends its emails after its deadlines (apps/worker).
   * `mayClaim` is asked before each batch and the sweep stops at the first no: a worker shutting
   * down settles the batch it holds and claims no other, leaving the rest to the other workers.
   */
  async sweep(
    maxRows = 500,
    batch = 50,
    onBatch: (full: boolean) => void = () => undefined,
    mayClaim: () => boolean = () => true,
  ): Promise<SweepResult> {
    const result: SweepResult = { fired: 0, stale: 0 };
    let left = maxRows;
    const due = new Map<string, number>();
    const leftToNewer: DueOnVersion[] = [];
    await forEachCouncilWithWork(
      () => this.councilsWithDeadlinesDue(due),
      async (tenantId) => {
        let claimed = 0;
        let short = false;
        while (left > 0 && mayClaim()) {
          const want = Math.min(batch, left);
          const done = await this.fireBatch(tenantId, want);
          if (done === 'busy') break;
          onBatch(done.claimed === want);
          result.fired += done.fired;
          result.stale += done.stale;
          left -= done.claimed;
          claimed += done.claimed;
          short = done.claimed < want;
          if (short) break;
        }
        if (VersionsLeftToNewerBuild.mayHaveLeft(due.get(tenantId) ?? 0, claimed, short))
          leftToNewer.push(
            ...(await this.deadlines.dueOnVersionsNotIn(
              tenantScope(tenantId),
              this.ds,
              this.clock.now(),
              RELEASED_HERE,
            )),
          );
      },
    );
    this.newer.tell(leftToNewer);
    return result;
  }

  /**
   * The councils with deadlines due, each one's count kept in `due`. Those on a template version
   * this build lacks are never claimed here but left pending to a newer build's workers; a council
   * whose claims come back short of its count is asked how many (VersionsLeftToNewerBuild).
   */
  private async councilsWithDeadlinesDue(due: Map<string, number>): Promise<string[]> {
    const councils = await this.deadlines.dueByCouncil(
      acrossCouncils('sweep'),
      this.ds,
      this.clock.now(),
    );
    for (const c of councils) due.set(c.tenant_id, c.due);
    return councils.map((c) => c.tenant_id);
  }

  /**
   * Claims the council's `limit` most overdue pending rows (FOR UPDATE SKIP LOCKED), fires each
   * through the engine in this one transaction and settles them in one statement. A row whose case
   * a person changed meanwhile (VERSION_CONFLICT) stays pending for the next tick. Should the
   * database refuse a statement (which aborts the transaction), nothing of the batch is kept and
   * its rows are fired one transaction each, so that one bad row cannot hold up the others.
   */
  private async fireBatch(
    tenantId: string,
    limit: number,
  ): Promise<{ claimed: number; fired: number; stale: number } | 'busy'> {
    const now = this.clock.now();
    const scope = tenantScope(tenantId);
    try {
      return await this.ds.transaction(async (m) => {
        const rows: ClaimedRow[] = await this.deadlines.claimBatch(
          scope,
          m,
          now,
          limit,
          RELEASED_HERE,
        );
        // Fired case by case, in the order of the cases' ids (each case's rows in the order claimed):
        // every batch then locks the cases it fires in one order, so that two workers' batches
        // sharing cases wait for each other rather than deadlock (each deadlock rolled a batch back
        // to be fired again row by row; bench:workers counted 2 to 4 in 10,000 deadlines).
        rows.sort((a, b) => (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : 0));
        // The cases the batch fires, read for their sends in one statement rather than one each.
        const on = londonDate(now);
        const due = [...new Set(rows.filter((r) => !r.superseded).map((r) => r.case_id))];
        const reads = new Map<string, CaseForSend>();
        if (due.length > 0)
          for (const c of await this.cases.findManyForSend(scope, m, due, on)) reads.set(c.id, c);
        const settled: { id: string; status: Settled }[] = [];
        const touched = new Set<string>();
        const held = new Set<string>();
        for (const row of rows) {
          // A row whose case nothing has changed since the claim fires as the claim found it,
          // with no read to find out: at the case's version then (a conflict otherwise, before
          // anything is written). Otherwise it is looked at again just before it fires, as a batch
          // of one would: since the claim, a person's event may have armed the key again (its
          // cancel skips the row this batch holds), and a case fired earlier in this batch may
          // have cancelled or re-armed it. Its case's read serves its first send only.
          let status: 'fired' | 'stale' | 'suspended' | 'busy' | 'left' | 'settled' = 'busy';
          if (!touched.has(row.case_id) && row.superseded) status = 'stale';
          else if (!touched.has(row.case_id)) {
            const read = reads.get(row.case_id);
            reads.delete(row.case_id);
            status = await this.fireIn(m, row, row.case_version, read && { row: read, on });
          }
          if (status === 'busy') {
            const state = await this.stillDue(m, row);
            status =
              state === 'settled'
                ? state
                : state === 'superseded'
                  ? 'stale'
                  : await this.fireIn(m, row);
          }
          if (status === 'busy' || status === 'left' || status === 'settled') continue;
          // A row settled without its case fired: its case is locked here, in the batch's case
          // order, as a fire's write would lock it, since settling it (the deadlines trigger takes
          // its case) would otherwise lock it after the batch's later cases, out of that order, and
          // deadlock with another batch or an office hand-over (lockOpenBound, id order): review11.
          if (status !== 'fired' && !held.has(row.case_id))
            await this.deadlines.holdCase(scope, m, row.case_id);
          held.add(row.case_id);
          if (status === 'fired') touched.add(row.case_id);
          settled.push({ id: row.id, status });
        }
        await this.deadlines.settleBatch(scope, m, settled, now);
        return {
          claimed: rows.length,
          fired: settled.filter((x) => x.status === 'fired').length,
          stale: settled.filter((x) => x.status !== 'fired').length,
        };
      });
    } catch (e) {
      this.log.warn(
        `deadline batch refused, firing one at a time: ${e instanceof Error ? e.message : String(e)}`,
      );
      const result = { claimed: 0, fired: 0, stale: 0 };
      for (; result.claimed < limit; result.claimed++) {
        const outcome = await this.fireOne(tenantId);
        if (outcome === 'none' || outcome === 'busy') return result.claimed ? result : 'busy';
        result[outcome]++;
      }
      return result;
    }
  }

  /** A claimed row as it stands now: still due, armed again since, or settled (cancelled) since. */
  private async stillDue(m: EntityManager, row: DueRow): Promise<'due' | 'superseded' | 'settled'> {
    const now = await this.deadlines.standing(tenantScope(row.tenant_id), m, row.id);
    if (!now?.pending) return 'settled';
    return now.superseded ? 'superseded' : 'due';
  }

  /**
   * Sends a claimed row's event in the caller's transaction: 'fired'; 'stale' when the case has
   * left the state that armed it (or the template refuses it for good); 'suspended' for a paused
   * case; 'busy' when a person changed the case meanwhile; 'left' (pending, to a newer build's
   * workers) when its case runs on a template version this build does not have, which the claim
   * leaves out and so meets only should a case's version change under it.
   */
  private async fireIn(
    m: EntityManager,
    row: DueRow,
    expectedVersion?: number,
    read?: SendOptions['read'],
  ): Promise<'fired' | 'stale' | 'suspended' | 'busy' | 'left'> {
    const { type, ...payload } = row.event;
    try {
      await this.sendEvent.send(
        row.case_id,
        { type, payload },
        { kind: 'system', tenantId: row.tenant_id, job: 'deadline-sweep' },
        { manager: m, expectedVersion, read },
      );
      return 'fired';
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') return 'busy';
      if (e instanceof TemplateVersionNotInThisBuildError) return 'left';
      if (!(e instanceof DomainError)) throw e;
      // A paused case's deadline waits for the resume; a withdrawn case's never fires (ADR 0012).
      const lifecycle = deadlineOutcomeOf(e);
      if (lifecycle === 'suspended') return 'suspended';
      if (e.code !== 'EVENT_NOT_ALLOWED' && !lifecycle)
        this.log.error(
          `deadline ${row.id} of case ${row.case_id} refused (${e.code}): ${e.detail}`,
        );
      return 'stale';
    }
  }

  /** Claims and fires the council's most overdue pending row, in a transaction of its own. */
  private async fireOne(tenantId: string): Promise<'fired' | 'stale' | 'none' | 'busy'> {
    const now = this.clock.now();
    const scope = tenantScope(tenantId);
    try {
      return await this.ds.transaction(async (m) => {
        const row = await this.deadlines.claimOne(scope, m, now, RELEASED_HERE);
        if (!row) return 'none';
        // A row the state's exit could not cancel (a worker held it at that moment) is superseded
        // once the state is re-entered and armed again: only the newest arming may fire.
        const status =
          (await this.stillDue(m, row)) === 'superseded' ? 'stale' : await this.fireIn(m, row);
        // A person changed the case meanwhile (or it is a newer build's): the next tick retries.
        if (status === 'busy' || status === 'left') return 'busy';
        await this.deadlines.settle(scope, m, row.id, status, now);
        return status === 'fired' ? 'fired' : 'stale';
      });
    } catch (e) {
      this.log.error(`deadline sweep failed: ${e instanceof Error ? e.message : String(e)}`);
      return 'busy';
    }
  }
}
