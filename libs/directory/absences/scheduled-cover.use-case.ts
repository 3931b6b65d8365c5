import { acrossCouncils } from '../../core/across-councils';
import { tenantScope } from '../../core/tenant-scope';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { acrossTenants, withTenant } from '../../core/tenant-context.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { AbsenceRepository } from './absence.repository';
import { CoverHandOver, type CoveredCase } from './cover-hand-over.service';

/**
 * Absences recorded ahead begin: on the first day (or the first run of the worker within it) the
 * person's open cases go to the deputy (covered_at is set in the same transaction). Every run
 * while an absence lasts hands over the roles of cases opened since, bound to the person's office
 * or delegation; a role already with the deputy is not held by the person, so nothing goes twice.
 * Run by the worker's hourly hand-over job (apps/worker/office-hand-over.job.ts).
 */
@Injectable()
export class ScheduledCoverUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly absences: AbsenceRepository,
    @Optional() private readonly handOver?: CoverHandOver,
  ) {}

  async run(): Promise<{ absences: number; handedOver: CoveredCase[] }> {
    if (!this.handOver) return { absences: 0, handedOver: [] };
    const now = this.clock.now();
    const today = londonDate(now);
    const due = await acrossTenants(() =>
      this.absences.dueForCover(acrossCouncils('sweep'), this.ds.manager, today),
    );
    const handedOver: CoveredCase[] = [];
    for (const { tenantId, id } of due)
      // One absence at a time, each in its own transaction: one's failure leaves the others'.
      handedOver.push(
        ...(await withTenant(tenantId, () =>
          this.ds.transaction(async (m) => {
            const absence = await this.absences.find(tenantScope(tenantId), m, id, { lock: true });
            if (!absence || absence.cancelledAt) return [];
            const actor: Actor = { kind: 'system', tenantId, job: 'absence-cover' };
            const done = (await this.handOver!.cover(m, absence, actor, now)).filter(
              (c) => c.roles.length > 0,
            );
            await this.absences.markCovered(tenantScope(tenantId), m, id, now);
            return done;
          }),
        )),
      );
    return { absences: due.length, handedOver };
  }
}
