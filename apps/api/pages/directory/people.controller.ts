import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangePersonUseCase } from '../../../../libs/directory/use-cases/change-person.use-case';
import { CreatePersonUseCase } from '../../../../libs/directory/use-cases/create-person.use-case';
import {
  ReadPeopleUseCase,
  type PersonView,
} from '../../../../libs/directory/use-cases/read-people.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField, type TypedDate } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { DirectoryPages, postedVersion, said } from './directory-pages.service';
import { queryOffset, queryText } from '../forms/list-paging.service';
import {
  blankPersonForm,
  peoplePage,
  personDone,
  personFormOf,
  personFormPage,
  personPage,
  type PeopleFilters,
  type PersonForm,
} from './people.presenter';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { changedFirstSentence } from '../../../../libs/errors/changed-first.errors';

const WORDS: FieldWords = {
  name: { id: 'name', message: said },
  email: {
    id: 'email',
    message: (p) =>
      p.includes('such as')
        ? 'Enter an email address in the right form, like name@example.org'
        : said(p),
  },
  organisationId: { id: 'organisationId', message: said },
  on: { id: 'leftOn-day', message: said },
};

const PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The council's people as pages: officers and governance leads read them, administrators add,
 * change and mark them left through the same use cases as /api/directory/people.
 */
@ApiExcludeController()
@Controller('directory/people')
export class PeoplePagesController {
  constructor(
    private readonly reads: ReadPeopleUseCase,
    private readonly creating: CreatePersonUseCase,
    private readonly changing: ChangePersonUseCase,
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
    const status = queryText(query, 'status');
    const organisation = queryText(query, 'organisation');
    const filters: PeopleFilters = {
      q: queryText(query, 'q').slice(0, 200),
      organisation: UUID.test(organisation) ? organisation : '',
      status: status === 'left' || status === 'all' ? status : '',
    };
    const page = await this.reads.list(
      {
        q: filters.q || undefined,
        organisationId: filters.organisation || undefined,
        status: filters.status === 'all' ? undefined : filters.status || 'active',
        limit: String(PAGE),
        offset: String(queryOffset(query)),
      },
      staffActor(staff),
    );
    const organisations = await this.choices.organisations(staff);
    this.dir.html(res, 'directory/people.njk', peoplePage({ staff, filters, organisations, page }));
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.form(res, staff, null, blankPersonForm());
  }

  @Post()
  @StaffForm(['administrator'])
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const { form, input, errors } = read(body);
    if (errors.any) return this.form(res, staff, null, form, errors, 422);
    try {
      const created = await this.creating.create(input, staffActor(staff));
      res.redirect(303, `/directory/people/${created.id}?done=created`);
    } catch (e) {
      if (this.dir.refused(e, res, staff)) return;
      const r = this.dir.errorsOf(e, WORDS, { conflict: '', ruleField: 'name' });
      await this.form(res, staff, null, form, r.errors, r.status);
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
      const p = await this.reads.get(id, staffActor(staff));
      await this.detail(res, staff, p, {
        done: personDone(typeof done === 'string' ? done : ''),
      });
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
      const p = await this.reads.get(id, staffActor(staff));
      await this.form(res, staff, p, personFormOf(p));
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
      const { form, input, errors } = read(body);
      if (errors.any) return this.form(res, staff, current, form, errors, 422);
      try {
        await this.changing.change(
          id,
          { ...input, expectedVersion: postedVersion(body) },
          staffActor(staff),
        );
        res.redirect(303, `/directory/people/${id}?done=changed`);
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, {
          conflict: changedFirstSentence(`${current.name}’s record`),
          ruleField: 'name',
        });
        if (!r.conflict) return this.form(res, staff, current, form, r.errors, r.status);
        const now = await this.reads.get(id, staffActor(staff));
        await this.form(res, staff, now, personFormOf(now), r.errors, r.status);
      }
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  /** Marks the person left from a day: their sign-in and API keys stop working from it. */
  @Post(':id/leave')
  @StaffForm(['administrator'])
  async leave(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const current = await this.reads.get(id, staffActor(staff));
      const on = readDateField(body, 'leftOn', 'the day they left');
      const errors = new FormErrors(datesInWords).date(
        'leftOn',
        on,
        'Enter the day the person left',
      );
      if (errors.any) return this.detail(res, staff, current, { errors, leftOn: on.typed }, 422);
      try {
        await this.changing.markLeft(
          id,
          { on: on.iso, expectedVersion: postedVersion(body) },
          staffActor(staff),
        );
        res.redirect(303, `/directory/people/${id}?done=left`);
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, {
          conflict: changedFirstSentence(`${current.name}’s record`),
          ruleField: 'leftOn-day',
        });
        const now = r.conflict ? await this.reads.get(id, staffActor(staff)) : current;
        await this.detail(
          res,
          staff,
          now,
          { errors: r.errors, leftOn: r.conflict ? undefined : on.typed },
          r.status,
        );
      }
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  private async detail(
    res: Response,
    staff: SignedInStaff,
    person: PersonView,
    view: { done?: string; errors?: FormErrors; leftOn?: TypedDate },
    status = 200,
  ) {
    const organisations = await this.choices.organisations(staff);
    this.dir.html(
      res,
      'directory/people-show.njk',
      personPage({ staff, person, organisations, ...view }),
      status,
    );
  }

  private async form(
    res: Response,
    staff: SignedInStaff,
    person: PersonView | null,
    form: PersonForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    const organisations = await this.choices.organisations(staff);
    this.dir.html(
      res,
      'directory/people-form.njk',
      personFormPage({ staff, person, form, organisations, errors }),
      status,
    );
  }
}

function read(body: Record<string, unknown>) {
  const form: PersonForm = {
    name: formText(body, 'name'),
    email: formText(body, 'email'),
    organisationId: formText(body, 'organisationId'),
    electedMember: formText(body, 'electedMember') === 'yes' ? 'yes' : '',
    officer: formText(body, 'officer') === 'yes' ? 'yes' : '',
    version: formText(body, 'expectedVersion'),
  };
  const errors = new FormErrors(datesInWords)
    .required('name', form.name, 'Enter the person’s name')
    .required('email', form.email, 'Enter the person’s email address');
  const input = {
    name: form.name,
    email: form.email,
    organisationId: form.organisationId || null,
    isElectedMember: form.electedMember === 'yes',
    isOfficer: form.officer === 'yes',
  };
  return { form, input, errors };
}
