import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeOfficeUseCase } from '../../../../libs/directory/use-cases/change-office.use-case';
import { CreateOfficeUseCase } from '../../../../libs/directory/use-cases/create-office.use-case';
import {
  ReadOfficesUseCase,
  type OfficeView,
} from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { DirectoryPages, postedVersion, said } from './directory-pages.service';
import { queryOffset, queryText } from '../forms/list-paging.service';
import {
  blankOfficeForm,
  officeDone,
  officeFormOf,
  officeFormPage,
  officePage,
  officesPage,
  type OfficeFilters,
  type OfficeForm,
} from './offices.presenter';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { changedFirstSentence } from '../../../../libs/errors/changed-first.errors';

const WORDS: FieldWords = {
  title: { id: 'title', message: said },
  organisationId: { id: 'organisationId', message: said },
};

const PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The council's offices as pages: officers and governance leads read them and who holds them,
 * administrators add and rename them through the same use cases as /api/directory/offices. Their
 * holders have pages of their own (offices-holders.controller.ts).
 */
@ApiExcludeController()
@Controller('directory/offices')
export class OfficesPagesController {
  constructor(
    private readonly reads: ReadOfficesUseCase,
    private readonly creating: CreateOfficeUseCase,
    private readonly changing: ChangeOfficeUseCase,
    private readonly choices: DirectoryChoices,
    private readonly dir: DirectoryPages,
  ) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const organisation = queryText(query, 'organisation');
    const held = queryText(query, 'held');
    const filters: OfficeFilters = {
      q: queryText(query, 'q').slice(0, 200),
      organisation: UUID.test(organisation) ? organisation : '',
      held: held === 'held' || held === 'vacant' ? held : '',
    };
    const page = await this.reads.list(
      {
        q: filters.q || undefined,
        organisationId: filters.organisation || undefined,
        held: filters.held ? String(filters.held === 'held') : undefined,
        limit: String(PAGE),
        offset: String(queryOffset(query)),
      },
      staffActor(staff),
    );
    const organisations = await this.choices.organisations(staff);
    this.dir.html(
      res,
      'directory/offices.njk',
      officesPage({ staff, filters, organisations, page }),
    );
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.form(res, staff, null, blankOfficeForm());
  }

  @Post()
  @StaffForm(['administrator'])
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const { form, errors } = read(body);
    if (errors.any) return this.form(res, staff, null, form, errors, 422);
    try {
      const created = await this.creating.create(
        { title: form.title, organisationId: form.organisationId },
        staffActor(staff),
      );
      res.redirect(303, `/directory/offices/${created.id}?done=created`);
    } catch (e) {
      if (this.dir.refused(e, res, staff)) return;
      const r = this.dir.errorsOf(e, WORDS, { conflict: '', ruleField: 'title' });
      await this.form(res, staff, null, form, r.errors, r.status);
    }
  }

  @Get(':id')
  @StaffPage('officer', 'governance_lead')
  async show(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const office = await this.reads.get(id, {}, staffActor(staff));
      const organisations = await this.choices.organisations(staff);
      const cases = queryText(query, 'cases');
      this.dir.html(
        res,
        'directory/offices-show.njk',
        officePage({
          staff,
          office,
          organisations,
          done: officeDone(queryText(query, 'done'), /^\d{1,5}$/.test(cases) ? Number(cases) : 0),
        }),
      );
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  @Get(':id/change')
  @StaffPage('administrator')
  async changeForm(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const o = await this.reads.get(id, {}, staffActor(staff));
      await this.form(res, staff, o, officeFormOf(o));
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  @Post(':id/change')
  @StaffForm(['administrator'])
  async change(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const current = await this.reads.get(id, {}, staffActor(staff));
      const { form, errors } = read(body);
      if (errors.any) return this.form(res, staff, current, form, errors, 422);
      try {
        await this.changing.change(
          id,
          {
            title: form.title,
            organisationId: form.organisationId,
            expectedVersion: postedVersion(body),
          },
          staffActor(staff),
        );
        res.redirect(303, `/directory/offices/${id}?done=changed`);
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, {
          conflict: changedFirstSentence(current.title),
          ruleField: 'title',
        });
        if (!r.conflict) return this.form(res, staff, current, form, r.errors, r.status);
        const now = await this.reads.get(id, {}, staffActor(staff));
        await this.form(res, staff, now, officeFormOf(now), r.errors, r.status);
      }
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  private async form(
    res: Response,
    staff: SignedInStaff,
    office: OfficeView | null,
    form: OfficeForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    const organisations = await this.choices.organisations(staff);
    this.dir.html(
      res,
      'directory/offices-form.njk',
      officeFormPage({ staff, office, form, organisations, errors }),
      status,
    );
  }
}

function read(body: Record<string, unknown>) {
  const form: OfficeForm = {
    title: formText(body, 'title'),
    organisationId: formText(body, 'organisationId'),
    version: formText(body, 'expectedVersion'),
  };
  const errors = new FormErrors(datesInWords)
    .required('title', form.title, 'Enter the office’s title')
    .required('organisationId', form.organisationId, 'Choose the organisation the office is in');
  return { form, errors };
}
