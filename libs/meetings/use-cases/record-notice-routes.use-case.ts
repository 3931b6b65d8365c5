import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { scopeOf } from '../../core/tenant-scope';
import { AgendaItemsRepository } from '../agenda-items.repository';
import { AgendaItemNotFoundError } from '../meeting.errors';
import { noticeRoutesBody, parse } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { officerOnly, refuseImpossibleRoutes } from '../meeting-refusals.service';

/** Records the routes taken around a notice that fell short, e.g. the chair's reasons for a late report. */
@Injectable()
export class RecordNoticeRoutesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly loader: MeetingLoader,
    private readonly items: AgendaItemsRepository,
  ) {}

  async record(meetingId: string, itemId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'A notice route');
    const b = parse(noticeRoutesBody, input, 'notice routes');
    refuseImpossibleRoutes(b, this.loader.today());
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      await this.loader.lock(scope, m, meetingId);
      if (!(await this.items.setNoticeRoutes(scope, m, meetingId, itemId, b)))
        throw new AgendaItemNotFoundError(itemId);
    });
  }
}
