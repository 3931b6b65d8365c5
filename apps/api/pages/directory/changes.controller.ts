import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ReadDirectoryChangesUseCase,
  type DirectoryChangesPage,
} from '../../../../libs/directory/use-cases/read-directory-changes.use-case';
import { readDateField } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { staffActor } from '../staff-pages.service';
import { changesPage, SUBJECT_WORDS, type ChangesFilters } from './changes.presenter';
import { DirectoryPages, said } from './directory-pages.service';
import { queryText } from '../forms/list-paging.service';
import { CurrentStaff, StaffPage } from '../staff-page.guard';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';

const WORDS: FieldWords = {
  to: { id: 'to-day', message: said },
  from: { id: 'from-day', message: said },
};

const PAGE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The council's record of directory changes as a page: who changed what and when (London time),
 * each field before and after in words, filtered by kind of record, who changed it and the days
 * between, newest first a page at a time, and whether the chain of changes still verifies.
 */
@ApiExcludeController()
@Controller('directory/changes')
export class ChangesPagesController {
  constructor(
    private readonly changes: ReadDirectoryChangesUseCase,
    private readonly dir: DirectoryPages,
  ) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const actor = staffActor(staff);
    const kind = queryText(query, 'kind');
    const person = queryText(query, 'person');
    const record = queryText(query, 'record');
    const before = queryText(query, 'before');
    const from = readDateField(query, 'from', 'the first day');
    const to = readDateField(query, 'to', 'the last day');
    const filters: ChangesFilters = {
      kind: Object.hasOwn(SUBJECT_WORDS, kind) ? kind : '',
      person: UUID.test(person) ? person : '',
      record: UUID.test(record) ? record : '',
      'from-day': from.typed.day,
      'from-month': from.typed.month,
      'from-year': from.typed.year,
      'to-day': to.typed.day,
      'to-month': to.typed.month,
      'to-year': to.typed.year,
    };
    const errors = new FormErrors(datesInWords).date('from', from).date('to', to);
    let page: DirectoryChangesPage | null = null;
    if (!errors.any)
      try {
        page = await this.changes.list(
          {
            subject: filters.kind || undefined,
            personId: filters.person || undefined,
            subjectId: filters.record || undefined,
            from: from.iso,
            to: to.iso,
            before: /^\d{1,9}$/.test(before) ? before : undefined,
            limit: String(PAGE),
          },
          actor,
        );
      } catch (e) {
        if (!errors.fromUseCase(e, WORDS)) throw e;
      }
    const changers = await this.changes.changers(actor);
    const verdict = await this.changes.verify(actor);
    this.dir.html(
      res,
      'directory/changes.njk',
      changesPage({ staff, errors, filters, from, to, before, page, changers, verdict }),
      errors.any ? 422 : 200,
    );
  }
}
