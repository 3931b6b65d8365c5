import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { OrganisationKind } from '../../../../libs/directory/organisation.entity';
import { ChangeOrganisationUseCase } from '../../../../libs/directory/use-cases/change-organisation.use-case';
import { CreateOrganisationUseCase } from '../../../../libs/directory/use-cases/create-organisation.use-case';
import {
  ReadOrganisationsUseCase,
  type OrganisationView,
} from '../../../../libs/directory/use-cases/read-organisations.use-case';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import { Clock } from '../../../../libs/core/clock.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField, typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords, dayInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { choices, dateInput, DirectoryPages, postedVersion, said } from './directory-pages.service';
import { pagingOf, queryOffset, queryText } from '../forms/list-paging.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';

/** Each kind in people's words; the abolished CCGs read as history and are not offered for new ones. */
export const KIND_WORDS: Record<OrganisationKind, string> = {
  local_authority: 'Local authority',
  icb: 'Integrated Care Board',
  nhs_trust: 'NHS trust',
  nhs_region: 'NHS England region',
  healthwatch: 'Healthwatch',
  voluntary_sector: 'Voluntary sector',
  other: 'Other',
  ccg: 'Clinical commissioning group (historic)',
};
const OFFERED = (Object.keys(KIND_WORDS) as OrganisationKind[]).filter((k) => k !== 'ccg');

const DONE: Record<string, string> = {
  created: 'The organisation is added.',
  changed: 'The organisation is changed.',
};

const WORDS: FieldWords = {
  name: { id: 'name', message: said },
  kind: { id: 'kind', message: () => 'Choose what kind of organisation it is' },
  activeFrom: { id: 'activeFrom-day', message: said },
  activeUntil: { id: 'activeUntil-day', message: said },
};

interface OrganisationForm {
  name: string;
  kind: string;
  activeFrom: TypedDate;
  activeUntil: TypedDate;
  version: string;
}

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
    const filters = {
      q: queryText(query, 'q').slice(0, 200),
      kind: KIND_WORDS[queryText(query, 'kind') as OrganisationKind]
        ? queryText(query, 'kind')
        : '',
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
    this.dir.html(res, 'directory/organisations.njk', {
      staff,
      filters,
      kinds: choices(
        [
          { value: '', text: 'Any kind' },
          ...Object.entries(KIND_WORDS).map(([k, t]) => ({ value: k, text: t })),
        ],
        filters.kind,
        'selected',
      ),
      shows: choices(
        [
          { value: '', text: 'Partners today' },
          { value: 'all', text: 'All, including past partners' },
        ],
        filters.show,
      ),
      rows: page.items.map((o) => this.row(o)),
      paging: pagingOf('/directory/organisations', filters, page),
      mayChange: staff.role === 'administrator',
    });
  }

  @Get('new')
  @StaffPage('administrator')
  async newForm(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    const blank = { day: '', month: '', year: '' };
    this.form(res, staff, null, {
      name: '',
      kind: '',
      activeFrom: blank,
      activeUntil: blank,
      version: '',
    });
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
      const o = await this.reads.get(id, staffActor(staff));
      this.dir.html(res, 'directory/organisations-show.njk', {
        staff,
        o: this.row(o),
        done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
        mayChange: staff.role === 'administrator',
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
      const o = await this.reads.get(id, staffActor(staff));
      this.form(res, staff, o, formOf(o));
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
          conflict: `Someone else changed ${current.name} after you opened this page, so your change was not saved. The form now shows the organisation as it is: make your change again.`,
          ruleField: 'name',
        });
        if (!r.conflict) return this.form(res, staff, current, form, r.errors, r.status);
        const now = await this.reads.get(id, staffActor(staff));
        this.form(res, staff, now, formOf(now), r.errors, r.status);
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

  private row(o: OrganisationView) {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      kindWords: KIND_WORDS[o.kind] ?? 'Other',
      from: dayInWords(o.activeFrom, 'Not recorded'),
      until: dayInWords(o.activeUntil, 'Still a partner'),
      active: o.active,
    };
  }

  private form(
    res: Response,
    staff: SignedInStaff,
    o: OrganisationView | null,
    form: OrganisationForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    const kinds = o?.kind === 'ccg' ? [...OFFERED, 'ccg' as const] : OFFERED;
    this.dir.html(
      res,
      'directory/organisations-form.njk',
      {
        staff,
        o,
        errors: errors.items,
        fieldErrors: errors.byField(),
        form,
        action: o ? `/directory/organisations/${o.id}/change` : '/directory/organisations',
        kinds: choices(
          kinds.map((k) => ({ value: k, text: KIND_WORDS[k] })),
          form.kind,
        ),
        activeFrom: dateInput(
          'activeFrom',
          'First day as a partner (optional)',
          form.activeFrom,
          errors,
        ),
        activeUntil: dateInput(
          'activeUntil',
          'Last day as a partner (optional)',
          form.activeUntil,
          errors,
          'Leave blank while it is still a partner. For example, 31 3 2027',
        ),
      },
      status,
    );
  }
}

function formOf(o: OrganisationView): OrganisationForm {
  return {
    name: o.name,
    kind: o.kind,
    activeFrom: typedDateOf(o.activeFrom),
    activeUntil: typedDateOf(o.activeUntil),
    version: String(o.version),
  };
}
