import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeOrganisationUseCase } from '../../../../libs/directory/use-cases/change-organisation.use-case';
import { CreateOrganisationUseCase } from '../../../../libs/directory/use-cases/create-organisation.use-case';
import {
  ReadOrganisationsUseCase,
  type OrganisationView,
} from '../../../../libs/directory/use-cases/read-organisations.use-case';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import { Clock } from '../../../../libs/core/clock.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryPages, postedVersion, said } from './directory-pages.service';
import { queryOffset, queryText } from '../forms/list-paging.service';
import {
  blankOrganisationForm,
  isKind,
  organisationDone,
  organisationFormOf,
  organisationFormPage,
  organisationPage,
  organisationsPage,
  type OrganisationFilters,
  type OrganisationForm,
} from './organisations.presenter';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { changedFirstSentence } from '../../../../libs/errors/changed-first.errors';

const WORDS: FieldWords = {
  name: { id: 'name', message: said },
  kind: { id: 'kind', message: () => 'Choose what kind of organisation it is' },
  activeFrom: { id: 'activeFrom-day', message: said },
  activeUntil: { id: 'activeUntil-day', message: said },
};

const PAGE = 25;

/**
 * The council's partner organisations as pages: officers and governance leads read them,
 * administrators add and change them through the same use cases as /api/directory/organisations.
 */
@ApiExcludeController()
@Controller('directory/organisations')
export class OrganisationsPagesController {
  constructor(
    private readonly reads: ReadOrganisationsUseCase,
    private readonly creating: CreateOrganisationUseCase,
    private readonly changing: ChangeOrganisationUseCase,
    private readonly dir: DirectoryPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const filters: OrganisationFilters = {
      q: queryText(query, 'q').slice(0, 200),
      kind: isKind(queryText(query, 'kind')) ? queryText(query, 'kind') : '',
      show: queryText(query, 'show') === 'all' ? 'all' : '',
    };
    const offset = queryOffset(query);
    const page = await this.reads.list(
      {
        q: filters.q || undefined,
        kind: filters.kind || undefined,
        activeOn: filters.show === 'all' ? undefined : londonDate(this.clock.now()),
        limit: String(PAGE),
        offset: String(offset),
      },
      staffActor(staff),
    );
    this.dir.html(res, 'directory/organisations.njk', organisationsPage({ staff, filters, page }));
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.form(res, staff, null, blankOrganisationForm());
  }

  @Post()
  @StaffForm(['administrator'])
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const { form, input, errors } = this.read(body);
    if (errors.any) return this.form(res, staff, null, form, errors, 422);
    try {
      const created = await this.creating.create(input, staffActor(staff));
      res.redirect(303, `/directory/organisations/${created.id}?done=created`);
    } catch (e) {
      if (this.dir.refused(e, res, staff)) return;
      const r = this.dir.errorsOf(e, WORDS, { conflict: '', ruleField: 'name' });
      this.form(res, staff, null, form, r.errors, r.status);
    }
  }

  @Get(':id')
  @StaffPage('officer', 'governance_lead')
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const organisation = await this.reads.get(id, staffActor(staff));
      this.dir.html(
        res,
        'directory/organisations-show.njk',
        organisationPage({
          staff,
          organisation,
          done: organisationDone(typeof done === 'string' ? done : ''),
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
      const o = await this.reads.get(id, staffActor(staff));
      this.form(res, staff, o, organisationFormOf(o));
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
      const current = await this.reads.get(id, staffActor(staff));
      const { form, input, errors } = this.read(body);
      if (errors.any) return this.form(res, staff, current, form, errors, 422);
      // A historic CCG keeps its kind when the administrator leaves it as it is.
      const kind = input.kind === 'ccg' && current.kind === 'ccg' ? undefined : input.kind;
      try {
        await this.changing.change(
          id,
          { ...input, kind, expectedVersion: postedVersion(body) },
          staffActor(staff),
        );
        res.redirect(303, `/directory/organisations/${id}?done=changed`);
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, {
          conflict: changedFirstSentence(current.name),
          ruleField: 'name',
        });
        if (!r.conflict) return this.form(res, staff, current, form, r.errors, r.status);
        const now = await this.reads.get(id, staffActor(staff));
        this.form(res, staff, now, organisationFormOf(now), r.errors, r.status);
      }
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  /** The form as typed, what it asks the use case, and what the page itself finds wrong. */
  private read(body: Record<string, unknown>) {
    const from = readDateField(body, 'activeFrom', 'the first day it is a partner');
    const until = readDateField(body, 'activeUntil', 'the last day it is a partner');
    const form: OrganisationForm = {
      name: formText(body, 'name'),
      kind: formText(body, 'kind'),
      activeFrom: from.typed,
      activeUntil: until.typed,
      version: formText(body, 'expectedVersion'),
    };
    const errors = new FormErrors(datesInWords)
      .required('name', form.name, 'Enter the organisation’s name')
      .required('kind', form.kind, 'Choose what kind of organisation it is')
      .date('activeFrom', from)
      .date('activeUntil', until);
    const input = {
      name: form.name,
      kind: form.kind,
      activeFrom: from.iso ?? null,
      activeUntil: until.iso ?? null,
    };
    return { form, input, errors };
  }

  private form(
    res: Response,
    staff: SignedInStaff,
    organisation: OrganisationView | null,
    form: OrganisationForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    this.dir.html(
      res,
      'directory/organisations-form.njk',
      organisationFormPage({ staff, organisation, form, errors }),
      status,
    );
  }
}
