import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { actorRecord, type Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { SendEventUseCase } from '../engine/send-event.use-case';
import {
  GovernanceRuleError,
  InvalidInputError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { checkRecordedDate } from '../governance/recorded-dates.service';
import { calendarDate, londonDate } from '../governance/working-day-calendar.service';
import type { Queryable } from '../core/queryable';
import type { ForwardPlanListing } from './forward-plan-listing';
import type { EditionRow } from './forward-plan.repository';
import { ForwardPlanService } from './forward-plan.service';
import { scopeOf } from '../core/tenant-scope';

const publishSchema = z
  .object({
    publishedOn: calendarDate(
      'Enter the date the plan is published, for example 2025-08-01',
      'Enter a date the plan is published that exists, for example 2025-08-01',
    ),
  })
  .strict();

/**
 * Publishes the forward plan on the day an officer confirms: the open cases that will lead to a key
 * decision, generated afresh, kept as an edition; each case listed for the first time is told the
 * day through the engine's one write path (its template's `keyDecisions.publishedEvent`, sent by
 * the system, the officer who confirmed named in the audit record's evidence), so its key-decision
 * rule counts the 28 clear days from it. All or nothing: one transaction, one publication at a time.
 */
@Injectable()
export class PublishForwardPlanUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly plan: ForwardPlanService,
    private readonly send: SendEventUseCase,
    private readonly clock: Clock,
  ) {}

  /**
   * What publishing on the date given would list, refused exactly as publishing would be (the
   * officer, the date, the rules on recorded dates), publishing nothing: the check before confirming.
   */
  async check(
    actor: Actor,
    body: unknown,
  ): Promise<{ publishedOn: string; entries: ForwardPlanListing[] }> {
    const publishedOn = this.publishedOnOf(actor, body);
    await this.checkDate(this.ds.manager, actor, publishedOn);
    // As publishing would be: refused (503) while a case is on a template version this build lacks.
    const entries = (await this.plan.draftWithEvents(actor.tenantId)).map((d) => d.listing);
    return { publishedOn, entries };
  }

  /** `manager`: inside the caller's transaction (the demo's seed), else in one of its own. */
  async publish(actor: Actor, body: unknown, manager?: EntityManager): Promise<EditionRow> {
    const publishedOn = this.publishedOnOf(actor, body);
    const now = this.clock.now();
    const repo = this.plan.repository;
    const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) =>
      manager ? work(manager) : this.ds.transaction(work);
    return inTransaction(async (m) => {
      await repo.lockTenant(scopeOf(actor), m);
      await this.checkDate(m, actor, publishedOn);
      const drafted = await this.plan.draftWithEvents(actor.tenantId, m);
      const listings = drafted.map((d) => d.listing);
      const fresh = drafted.filter((d) => d.listing.firstPublishedOn === null);
      const edition: EditionRow = {
        id: randomUUID(),
        publishedOn,
        publishedAt: now,
        publishedBy: actorRecord(actor),
        entries: listings.map((l) => ({
          ...l,
          firstPublishedOn: l.firstPublishedOn ?? publishedOn,
        })),
      };
      await repo.insertEdition(scopeOf(actor), m, edition);
      await repo.insertFirstPublications(
        scopeOf(actor),
        m,
        edition.id,
        publishedOn,
        fresh.map((d) => d.listing.caseId),
      );
      for (const { listing, publishedEvent } of fresh) {
        await this.send.send(
          listing.caseId,
          { type: publishedEvent, payload: { publishedOn, edition: edition.id } },
          { kind: 'system', tenantId: actor.tenantId, job: 'forward-plan' },
          { manager: m, evidence: { publishedBy: actorRecord(actor), edition: edition.id } },
        );
      }
      return edition;
    });
  }

  /** The officer and the date's shape: who may publish, and a calendar date that exists. */
  private publishedOnOf(actor: Actor, body: unknown): string {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError('Only an officer of the council publishes its forward plan.');
    const parsed = publishSchema.safeParse(body);
    if (!parsed.success)
      throw new InvalidInputError(
        'The publication is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    return parsed.data.publishedOn;
  }

  /** A recorded date: never after today (London), never before the edition published before it. */
  private async checkDate(q: Queryable, actor: Actor, publishedOn: string): Promise<void> {
    const last = await this.plan.repository.latest(scopeOf(actor), q);
    const verdict = checkRecordedDate(
      { what: 'the forward plan’s publication', on: publishedOn },
      londonDate(this.clock.now()),
      last ? [{ what: 'the edition published before it', on: last.publishedOn }] : [],
    );
    if (!verdict.ok)
      throw new GovernanceRuleError(
        verdict.code,
        `The plan cannot be published on that date: ${verdict.explanation[0]}. Nothing was published.`,
        verdict.explanation,
        { problems: [{ path: 'publishedOn', message: verdict.explanation[0] }] },
      );
  }
}
