import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateApiKeyUseCase } from '../../../../libs/directory/use-cases/create-api-key.use-case';
import {
  ReadApiKeysUseCase,
  type ApiKeyView,
} from '../../../../libs/directory/use-cases/read-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../../../../libs/directory/use-cases/revoke-api-key.use-case';
import { Clock } from '../../../../libs/core/clock.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField, type TypedDate } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords, dayInWords, lastTimeInWords, whenInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { choices, dateInput, DirectoryPages, said } from './directory-pages.service';
import { pagingOf, queryOffset, queryText } from '../forms/list-paging.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';

const DONE: Record<string, string> = {
  revoked: 'The key is revoked. It stopped working at once.',
};

const STATUS_WORDS: Record<ApiKeyView['status'], string> = {
  active: 'Works',
  revoked: 'Revoked',
  expired: 'Expired',
};

const WORDS: FieldWords = {
  personId: { id: 'personId', message: said },
  name: { id: 'name', message: said },
  expiresOn: { id: 'expiresOn-day', message: said },
};

interface KeyForm {
  personId: string;
  name: string;
  expiresOn: TypedDate;
}

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
    const filters = {
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
    const now = this.clock.now();
    const people = await this.choices.people(staff);
    this.dir.html(res, 'directory/api-keys.njk', {
      staff,
      filters,
      done:
        typeof query.done === 'string' && Object.hasOwn(DONE, query.done)
          ? DONE[query.done]
          : undefined,
      people: choices([{ value: '', text: 'Anyone' }, ...people], filters.person, 'selected'),
      statuses: choices(
        [
          { value: '', text: 'Working' },
          { value: 'revoked', text: 'Revoked' },
          { value: 'expired', text: 'Expired' },
          { value: 'all', text: 'All' },
        ],
        filters.status,
      ),
      rows: page.items.map((k) => ({
        id: k.id,
        name: k.name,
        personName: k.personName,
        created: whenInWords(k.createdAt),
        lastUsed: lastTimeInWords(k.lastUsedAt, now),
        expires: k.expiresAt ? lastDayOf(k.expiresAt) : 'Never (until revoked)',
        status: k.status,
        statusWords: STATUS_WORDS[k.status],
      })),
      paging: pagingOf('/directory/api-keys', filters, page),
    });
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.form(res, staff, {
      personId: '',
      name: '',
      expiresOn: { day: '', month: '', year: '' },
    });
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
      this.dir.html(
        res,
        'directory/api-keys-created.njk',
        {
          staff,
          key: made.key,
          name: made.name,
          personName: made.personName,
          expires: made.expiresAt ? lastDayOf(made.expiresAt) : null,
        },
        201,
      );
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
      {
        staff,
        form,
        errors: errors.items,
        fieldErrors: errors.byField(),
        today: dayInWords(londonDate(this.clock.now())),
        people: choices(
          [{ value: '', text: 'Choose a person' }, ...people],
          form.personId,
          'selected',
        ),
        expiresOn: dateInput(
          'expiresOn',
          'Last day it works (optional)',
          form.expiresOn,
          errors,
          'It stops working at midnight at the end of that day. Leave blank for a key that works until it is revoked. For example, 31 3 2027',
        ),
      },
      status,
    );
  }
}

/** A key works to the end of its last day in London: the day before the instant it stops. */
function lastDayOf(expiresAt: Date): string {
  return dayInWords(londonDate(new Date(new Date(expiresAt).getTime() - 1)));
}
