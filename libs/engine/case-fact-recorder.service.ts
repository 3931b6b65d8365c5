import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { NotAuthorisedError, VersionConflictError } from '../errors/domain.errors';
import type { Authority } from '../governance/authority.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { CaseRecord } from './case-record.service';
import type { EffectPlanner } from './effect-planner.service';
import { refuseUnlessActive } from './lifecycle/lifecycle.rules';
import { tenantScope } from '../core/tenant-scope';

export interface FactContext {
  now: Date;
  /** Sends the given requests again, with new links (older open ones are voided). */
  reissue(requests: { message: string; role: string }[]): Promise<void>;
}

/** A case's new version after a fact, as a send reports it. */
export interface FactResult {
  caseId: string;
  version: number;
  stateKey: string;
  authority: Authority;
}

/** Facts about a case that are not workflow steps, recorded on the send's path (SendEventUseCase). */
export class CaseFactRecorder {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly planner: EffectPlanner,
    private readonly caseRecord: CaseRecord,
    private readonly directory: DirectoryRepository,
  ) {}

  /**
   * Records a fact about a case that is not a workflow step (a document attached or replaced) on
   * the same path: version check, authority (officers only), one transaction with the event, the
   * audit link and whatever `apply` writes. The state does not change. With `manager`, in that
   * transaction (the demo's seed, one transaction for the whole demo), else in one of its own.
   */
  async record(
    caseId: string,
    fact: { type: string; payload: Record<string, unknown> },
    actor: Actor,
    opts: { expectedVersion: number; manager?: EntityManager },
    apply: (m: EntityManager, ctx: FactContext) => Promise<void>,
  ): Promise<FactResult> {
    if (actor.kind !== 'person' || !actor.person.isOfficer) {
      // Said without the fact's type (DOCUMENT_ATTACHED): the person knows what they asked for.
      throw new NotAuthorisedError(
        'Only a democratic services officer records this on a case: ask the officer running it.',
        { event: fact.type },
      );
    }
    const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) =>
      opts.manager ? work(opts.manager) : this.ds.transaction(work);
    return inTransaction(async (m) => {
      const now = this.clock.now();
      // A withdrawn case is closed to every change (ADR 0012); a paused one may still take documents.
      const { row, template, context, described } = await this.caseRecord.atVersion(
        m,
        actor.tenantId,
        caseId,
        opts.expectedVersion,
        (r) => {
          if (r.lifecycleStatus === 'withdrawn') refuseUnlessActive(r);
        },
      );
      const authority: Authority = { kind: 'officer', role: 'officer' };
      const { version, saved } = await this.caseRecord.append(m, row, actor, {
        type: fact.type,
        payload: fact.payload,
        authority,
        now,
      });
      if (!saved) throw new VersionConflictError(caseId, row.version, row.version + 1);
      const holders = await this.directory.roleHolders(
        tenantScope(row.tenantId),
        m,
        row.roles,
        row.createdBy,
        londonDate(now),
        template.roleWords,
      );
      await apply(m, {
        now,
        reissue: (requests) =>
          this.planner.reissue(m, requests, {
            tenantId: row.tenantId,
            caseId,
            caseTitle: row.title,
            version,
            now,
            holders,
            template,
            context,
            awaiting: described.awaiting,
          }),
      });
      return { caseId, version, stateKey: row.stateKey, authority };
    });
  }
}
