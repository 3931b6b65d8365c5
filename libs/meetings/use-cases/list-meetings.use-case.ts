import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { BodyRepository } from '../../directory/body.repository';
import { listQuery, parse } from '../meeting-input.schema';
import { MeetingsRepository } from '../meetings.repository';

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
    return this.bodyRepo.names(this.ds.manager, tenantId);
  }

  /** A page of the tenant's meetings; `next` is the offset of the following page, if any. */
  async list(tenantId: string, query: unknown) {
    const q = parse(listQuery, query, 'filter');
    const rows = await this.meetings.list(tenantScope(tenantId), this.ds.manager, {
      bodyId: q.body,
      limit: q.limit,
      offset: q.offset,
    });
    return {
      items: rows,
      limit: q.limit,
      offset: q.offset,
      next: rows.length === q.limit ? q.offset + q.limit : null,
    };
  }
}
