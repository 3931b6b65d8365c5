import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExportRequester } from '../audit/data-exports.repository';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { NotAuthorisedError } from '../errors/domain.errors';
import { ExportRecordsRepository } from './export-records.repository';

/**
 * Who may export the council's records through the API or the pages: its administrators only (an
 * enabled staff account of that role). The archive holds everyone's personal data.
 */
@Injectable()
export class ExportAccess {
  constructor(
    private readonly ds: DataSource,
    private readonly records: ExportRecordsRepository,
  ) {}

  /** The administrator as the record of exports names them; NOT_AUTHORISED for anyone else. */
  async requester(actor: Actor): Promise<ExportRequester> {
    if (
      actor.kind !== 'person' ||
      !(await this.records.isAdministrator(scopeOf(actor), this.ds.manager, actor.person.id))
    )
      throw new NotAuthorisedError(
        'Only an administrator of your council exports its records: they hold personal data. Ask an administrator.',
      );
    return { kind: 'person', personId: actor.person.id, name: actor.person.name };
  }
}
