import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateApiKeyUseCase } from '../../../../libs/directory/use-cases/create-api-key.use-case';
import { ReadApiKeysUseCase } from '../../../../libs/directory/use-cases/read-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../../../../libs/directory/use-cases/revoke-api-key.use-case';
import { Clock } from '../../../../libs/core/clock.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { DirectoryPages, said } from './directory-pages.service';
import { queryOffset, queryText } from '../forms/list-paging.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import {
  apiKeyCreatedPage,
  apiKeyFormPage,
  apiKeysPage,
  blankKeyForm,
  type ApiKeyFilters,
  type KeyForm,
} from './api-keys.presenter';

const WORDS: FieldWords = {
  personId: { id: 'personId', message: said },
  name: { id: 'name', message: said },
  expiresOn: { id: 'expiresOn-day', message: said },
};

const PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The council's API keys, for its administrators only: make one for a person (the key is shown
 * once and kept only as its hash), list them with their last use, revoke one. The same use cases
 * as /api/directory/api-keys.
 */
@ApiExcludeController()
@Controller('directory/api-keys')
export class ApiKeysPagesController {
  constructor(
    private readonly reads: ReadApiKeysUseCase,
    private readonly creating: CreateApiKeyUseCase,
    private readonly revoking: RevokeApiKeyUseCase,
    private readonly choices: DirectoryChoices,
    private readonly dir: DirectoryPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('administrator')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const person = queryText(query, 'person');
    const status = queryText(query, 'status');
    const filters: ApiKeyFilters = {
      person: UUID.test(person) ? person : '',
      status: status === 'revoked' || status === 'expired' || status === 'all' ? status : '',
    };
    const page = await this.reads.list(
      {
        personId: filters.person || undefined,
        status: filters.status === 'all' ? undefined : filters.status || 'active',
        limit: String(PAGE),
        offset: String(queryOffset(query)),
      },
      staffActor(staff),
    );
    const people = await this.choices.people(staff);
    this.dir.html(
      res,
      'directory/api-keys.njk',
      apiKeysPage({ staff, filters, people, page, now: this.clock.now(), done: query.done }),
    );
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.form(res, staff, blankKeyForm());
  }

  @Post()
  @StaffForm(['administrator'])
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const expires = readDateField(body, 'expiresOn', 'the last day the key works');
    const form: KeyForm = {
      personId: formText(body, 'personId'),
      name: formText(body, 'name'),
      expiresOn: expires.typed,
    };
    const errors = new FormErrors(datesInWords)
      .required('personId', form.personId, 'Choose whose key it is')
      .required('name', form.name, 'Enter what the key is for, for example Finance system')
      .date('expiresOn', expires);
    if (errors.any) return this.form(res, staff, form, errors, 422);
    try {
      const made = await this.creating.create(
        { personId: form.personId, name: form.name, expiresOn: expires.iso ?? null },
        staffActor(staff),
      );
      // The key is in this answer and nowhere else: not kept, not cached, not in an address.
      res.setHeader('Cache-Control', 'no-store');
      this.dir.html(res, 'directory/api-keys-created.njk', apiKeyCreatedPage({ staff, made }), 201);
    } catch (e) {
      if (this.dir.refused(e, res, staff)) return;
      const r = this.dir.errorsOf(e, WORDS, { conflict: '', ruleField: 'name' });
      await this.form(res, staff, form, r.errors, r.status);
    }
  }

  @Post(':id/revoke')
  @StaffForm(['administrator'])
  async revoke(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      await this.revoking.revoke(id, staffActor(staff));
      res.redirect(303, '/directory/api-keys?done=revoked');
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  private async form(
    res: Response,
    staff: SignedInStaff,
    form: KeyForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    const people = await this.choices.people(staff);
    this.dir.html(
      res,
      'directory/api-keys-form.njk',
      apiKeyFormPage({ staff, form, errors, people, now: this.clock.now() }),
      status,
    );
  }
}
