import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { scopeOf } from '../../core/tenant-scope';
import { CaseRepository } from '../../engine/case.repository';
import { CaseNotFoundError, InvalidInputError } from '../../errors/domain.errors';
import { AgendaItemsRepository } from '../agenda-items.repository';
import { refuseImpossibleDate } from '../meeting-dates.service';
import { agendaItemBody, parse } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { officerOnly, refuseImpossibleRoutes } from '../meeting-refusals.service';

/** An officer adds an item to a meeting's agenda, with its notices; returns the item's id. */
@Injectable()
export class AddAgendaItemUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly loader: MeetingLoader,
    private readonly items: AgendaItemsRepository,
    private readonly cases: CaseRepository,
  ) {}

  async add(meetingId: string, input: unknown, actor: Actor): Promise<string> {
    officerOnly(actor, 'An agenda item');
    const b = parse(agendaItemBody, input, 'agenda item');
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      await this.loader.lock(scope, m, meetingId);
      const today = this.loader.today();
      refuseImpossibleDate(
        'forwardPlanPublishedOn',
        'the key decision notice',
        b.forwardPlanPublishedOn,
        today,
      );
      refuseImpossibleDate(
        'privateNoticePublishedOn',
        'the notice of the private item',
        b.privateNoticePublishedOn,
        today,
      );
      refuseImpossibleDate(
        'reportPublishedOn',
        'the report’s publication',
        b.reportPublishedOn,
        today,
      );
      refuseImpossibleRoutes(b.noticeRoutes, today, 'noticeRoutes.');
      if (b.caseId && !(await this.cases.find(scopeOf(actor), m, b.caseId)))
        throw new CaseNotFoundError(b.caseId);
      if (b.privateNoticePublishedOn && !b.part2Reasons)
        throw new InvalidInputError(
          'A private notice needs the reasons for excluding the public.',
          [{ path: 'part2Reasons', message: 'give the reasons for taking the item in private' }],
        );
      return this.items.append(scope, m, meetingId, {
        title: b.title,
        caseId: b.caseId ?? null,
        keyDecision: b.keyDecision,
        forwardPlanPublishedOn: b.forwardPlanPublishedOn ?? null,
        part2Reasons: b.part2Reasons ?? null,
        privateNoticePublishedOn: b.privateNoticePublishedOn ?? null,
        reportPublishedOn: b.reportPublishedOn ?? null,
        noticeRoutes: b.noticeRoutes ?? {},
      });
    });
  }
}
