import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
import type { EditionRow } from './forward-plan.repository';
import { ForwardPlanService } from './forward-plan.service';

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

  async publish(actor: Actor, body: unknown): Promise<EditionRow> {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError('Only an officer of the council publishes its forward plan.');
    const parsed = publishSchema.safeParse(body);
    if (!parsed.success)
      throw new InvalidInputError(
        'The publication is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const { publishedOn } = parsed.data;
    const now = this.clock.now();
    const repo = this.plan.repository;
    return this.ds.transaction(async (m) => {
      await repo.lockTenant(m, actor.tenantId);
      const last = await repo.latest(m, actor.tenantId);
      const verdict = checkRecordedDate(
        { what: 'the forward plan’s publication', on: publishedOn },
        londonDate(now),
        last ? [{ what: 'the edition published before it', on: last.publishedOn }] : [],
      );
      if (!verdict.ok)
        throw new GovernanceRuleError(
          verdict.code,
          `The plan cannot be published on that date: ${verdict.explanation[0]}. Nothing was published.`,
          verdict.explanation,
          { problems: [{ path: 'publishedOn', message: verdict.explanation[0] }] },
        );
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
      await repo.insertEdition(m, actor.tenantId, edition);
      await repo.insertFirstPublications(
        m,
        actor.tenantId,
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
}
