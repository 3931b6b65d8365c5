import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { BodyRepository } from '../../directory/body.repository';
import { listQuery, parse } from '../meeting-input.schema';
import { MeetingsRepository } from '../meetings.repository';
import { ruleSettings } from '../../governance/council-settings.service';
import { meetingRulesOf, publishAgendaBy, type MeetingRules } from '../meeting-record.service';

/** The council's meetings a page at a time, and the bodies that can hold them. */
@Injectable()
export class ListMeetingsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly bodyRepo: BodyRepository,
  ) {}

  /** The council's bodies; only those with rules can hold meetings here. */
  async bodies(tenantId: string) {
    return this.bodyRepo.names(tenantScope(tenantId), this.ds.manager);
  }

  /** A page of the tenant's meetings; `next` is the offset of the following page, if any. */
  async list(tenantId: string, query: unknown) {
    const q = parse(listQuery, query, 'filter');
    const rows = await this.meetings.list(tenantScope(tenantId), this.ds.manager, {
      bodyId: q.body,
      limit: q.limit,
      offset: q.offset,
    });
    const scope = tenantScope(tenantId);
    const { calendar } = ruleSettings(await this.meetings.councilSettings(scope, this.ds.manager));
    // The rules of each body on each meeting's day, read once per body and day.
    const rulesOf = new Map<string, MeetingRules | null>();
    for (const key of new Set(rows.map((r) => `${r.bodyId}|${r.meetingDate}`))) {
      const [bodyId, day] = key.split('|');
      const body = await this.bodyRepo.rulesOf(tenantScope(tenantId), this.ds.manager, bodyId, day);
      rulesOf.set(key, body?.rules ? meetingRulesOf(body.name, body.rules) : null);
    }
    return {
      // By when each agenda is (or was) to be published; null for a body without rules that day.
      items: rows.map((r) => {
        const rules = rulesOf.get(`${r.bodyId}|${r.meetingDate}`);
        return {
          ...r,
          publishAgendaBy: rules ? publishAgendaBy(r.meetingDate, calendar, rules) : null,
        };
      }),
      limit: q.limit,
      offset: q.offset,
      next: rows.length === q.limit ? q.offset + q.limit : null,
    };
  }
}
