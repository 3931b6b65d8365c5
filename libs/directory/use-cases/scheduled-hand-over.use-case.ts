import { acrossCouncils } from '../../core/across-councils';
import { tenantScope } from '../../core/tenant-scope';
import type { BodySeat } from '../../governance/authority.service';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { TemplateVersionNotInThisBuildError } from '../../errors/domain.errors';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { acrossTenants, withTenant } from '../../core/tenant-context.service';
import { holderOn } from '../../governance/office-holdings.service';
import { addDays, londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { HandedOver, OfficeHandOver } from '../office-hand-over.service';
import { OfficeRepository } from '../office.repository';
import { BodyRepository } from '../body.repository';
import { MembershipRepository } from '../membership.repository';
import { SeatHandOver } from '../seat-hand-over.service';
import { handOverIfSeatsChanged, seatHoldersIn } from './seat-holder-change.service';

/** Days back the job looks, so that a day it did not run (a worker down over a weekend) is caught up. */
export const HAND_OVER_LOOK_BACK_DAYS = 7;

/**
 * Carries out appointments made ahead: an office whose holder changes on a later day (a new
 * holder from Monday, an acting holder whose days end) hands its open cases' awaited requests to
 * whoever holds it on the day, once, as an appointment that starts at once does. Run by the
 * worker (apps/worker/office-hand-over.job.ts); the engine's hand-over moves only requests not
 * already with the holder, so running again hands nothing over twice. The case's record names
 * the directory change that made the holding (the appointment or the end of a holding). A body's
 * chair or vice-chair whose term begins or ends so hands over the same way (SeatHandOver).
 */
@Injectable()
export class ScheduledHandOverUseCase {
  private readonly log = new Logger('ScheduledHandOver');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly bodies: BodyRepository,
    private readonly memberships: MembershipRepository,
    @Optional() private readonly handOver?: OfficeHandOver,
    @Optional() private readonly seatHandOver?: SeatHandOver,
  ) {}

  async run(): Promise<{ offices: number; bodies: number; handedOver: HandedOver[] }> {
    // Each on its own: an office's failure must not keep a body's new chair waiting, and the reverse.
    let failure: unknown = null;
    const offices = await this.runOffices().catch((e: unknown) => {
      failure = e;
      return { offices: 0, handedOver: [] };
    });
    const seats = await this.runSeats();
    if (failure) throw failure;
    return {
      offices: offices.offices,
      bodies: seats.bodies,
      handedOver: [...offices.handedOver, ...seats.handedOver],
    };
  }

  private async runOffices(): Promise<{ offices: number; handedOver: HandedOver[] }> {
    if (!this.handOver) return { offices: 0, handedOver: [] };
    const now = this.clock.now();
    const today = londonDate(now);
    const since = addDays(today, -HAND_OVER_LOOK_BACK_DAYS);
    // The offices due are found across councils; each is handed over bound to its council (ADR 0015).
    const due = await acrossTenants(() =>
      this.offices.withHoldersChangingBetween(
        acrossCouncils('sweep'),
        this.ds.manager,
        since,
        today,
      ),
    );
    const handedOver: HandedOver[] = [];
    for (const { tenantId, officeId } of due)
      // One office at a time, each in its own transaction: one office's failure leaves the others'.
      handedOver.push(
        ...(await this.unlessNewerBuild(`office ${officeId} of council ${tenantId}`, () =>
          withTenant(tenantId, () =>
            this.ds.transaction(async (m) => {
              const office = await this.offices.find(tenantScope(tenantId), m, officeId, {
                lock: true,
              });
              if (!office) return [];
              const holdings = await this.offices.holdings(tenantScope(tenantId), m, officeId);
              const holder = holderOn(holdings, today);
              if (!holder) return [];
              const before = holderOn(holdings, addDays(today, -1));
              let seq = 0;
              for (const h of holdings) {
                const [last] = await this.changes.list(tenantScope(tenantId), m, {
                  subject: 'officeHolder',
                  subjectId: h.id,
                  limit: 1,
                });
                seq = Math.max(seq, last?.seq ?? 0);
              }
              const actor: Actor = { kind: 'system', tenantId, job: 'office-hand-over' };
              return this.handOver!.handOver(
                m,
                {
                  tenantId,
                  officeId,
                  officeTitle: office.title,
                  at: now,
                  on: today,
                  from: before && { personId: before.personId, name: before.personName },
                  to: { personId: holder.personId, name: holder.personName },
                  directoryChangeSeq: seq,
                },
                actor,
              );
            }),
          ),
        )),
      );
    return { offices: due.length, handedOver };
  }

  /** The bodies whose chair or vice-chair changed hands by today: their seats' cases hand over. */
  private async runSeats(): Promise<{ bodies: number; handedOver: HandedOver[] }> {
    if (!this.seatHandOver) return { bodies: 0, handedOver: [] };
    const now = this.clock.now();
    const today = londonDate(now);
    const since = addDays(today, -HAND_OVER_LOOK_BACK_DAYS);
    const due = await acrossTenants(() =>
      this.memberships.withSeatsChangingBetween(
        acrossCouncils('sweep'),
        this.ds.manager,
        since,
        today,
      ),
    );
    const handedOver: HandedOver[] = [];
    for (const { tenantId, bodyId } of due)
      handedOver.push(
        ...(await this.unlessNewerBuild(
          `the chair or vice-chair of body ${bodyId} of council ${tenantId}`,
          () =>
            withTenant(tenantId, () =>
              this.ds.transaction(async (m) => {
                const scope = tenantScope(tenantId);
                const body = await this.bodies.find(scope, m, bodyId, { lock: true });
                if (!body) return [];
                const seats = (await this.memberships.ofBody(scope, m, bodyId)).filter(
                  (ms) => ms.role === 'chair' || ms.role === 'vice_chair',
                );
                // Per seat, the change to the term that began or ended by today (not another seat's).
                const seq: Record<BodySeat, number> = { chair: 0, vice_chair: 0 };
                // As withSeatsChangingBetween: a term that began, or ended the day before, in the window.
                const turned = (ms: (typeof seats)[number]) =>
                  (ms.validFrom > since && ms.validFrom <= today) ||
                  (ms.validUntil !== null && ms.validUntil >= since && ms.validUntil < today);
                // A seat none of whose terms turned: its latest change, as before.
                const cited = seats.filter(
                  (ms) => turned(ms) || !seats.some((o) => o.role === ms.role && turned(o)),
                );
                for (const ms of cited) {
                  const [last] = await this.changes.list(scope, m, {
                    subject: 'membership',
                    subjectId: ms.id,
                    limit: 1,
                  });
                  const seat = ms.role as BodySeat;
                  seq[seat] = Math.max(seq[seat], last?.seq ?? 0);
                }
                return handOverIfSeatsChanged(this.memberships, m, this.seatHandOver, {
                  tenantId,
                  body,
                  today,
                  at: now,
                  before: seatHoldersIn(seats, addDays(today, -1)),
                  actor: { kind: 'system', tenantId, job: 'office-hand-over' },
                  directoryChangeSeq: seq,
                  always: true,
                });
              }),
            ),
        )),
      );
    return { bodies: due.length, handedOver };
  }

  /**
   * One holding's hand-over, unless one of its cases runs on a template version this worker's
   * build does not have (a rolling upgrade): then nothing of it is kept (its transaction rolled
   * back, the old holder's requests still open), it is said in the log, and the next run, of this
   * worker or a newer build's, finds it again within the look-back and hands it over whole.
   */
  private async unlessNewerBuild(
    what: string,
    run: () => Promise<HandedOver[]>,
  ): Promise<HandedOver[]> {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof TemplateVersionNotInThisBuildError)) throw e;
      this.log.warn(
        `The hand-over to the new holder of ${what} waits for workers of a newer build: its case ${String(e.extra.caseId)} runs on ${e.templateId} version ${e.templateVersion}, which this worker's build does not have. Nothing of it was done; it is looked for again each run for ${HAND_OVER_LOOK_BACK_DAYS} days after the change. Upgrade or stop this worker.`,
      );
      return [];
    }
  }
}
