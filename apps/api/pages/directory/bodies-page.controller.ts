import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { BodyRecord } from '../../../../libs/directory/body.repository';
import { DirectoryRecordNotFoundError } from '../../../../libs/directory/directory.errors';
import { BODY_KINDS } from '../../../../libs/directory/use-cases/body-record-rules.service';
import { ChangeBodyUseCase } from '../../../../libs/directory/use-cases/change-body.use-case';
import { CreateBodyUseCase } from '../../../../libs/directory/use-cases/create-body.use-case';
import { ReadBodiesUseCase } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { addRefusal } from '../forms/refusal-errors.service';
import { PageRenderer } from '../page-renderer.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from '../staff-page.guard';
import { FORM_EXPIRED, formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { bodyInputOf, typedBodyForm, type BodyForm } from './bodies-form.service';
import { bodiesPage, bodyFormPage, bodyPage, formOfBody } from './bodies.presenter';
import {
  readRulesChange,
  RULES_CHANGE_REFUSALS,
  RULES_CHANGE_WORDS,
  type RulesChangeForm,
} from './body-rules-change-form.service';

export const READERS = ['officer', 'governance_lead', 'administrator'] as const;

/**
 * The council's bodies and their rules as pages: administrators add and change them, officers and
 * governance leads read them. The decisions are the directory's use cases', as for the API.
 */
@ApiExcludeController()
@Controller('directory/bodies')
export class BodiesPageController {
  constructor(
    private readonly reads: ReadBodiesUseCase,
    private readonly creating: CreateBodyUseCase,
    private readonly changing: ChangeBodyUseCase,
    private readonly choices: DirectoryChoices,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage(...READERS)
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const kind = formText(query, 'kind');
    const q = formText(query, 'q').slice(0, 200);
    const known = (BODY_KINDS as readonly string[]).includes(kind);
    const page = await this.reads.list(
      { ...(known ? { kind } : {}), ...(q ? { q } : {}), limit: 200 },
      staffActor(staff),
    );
    this.pages.html(res, 'directory/bodies.njk', bodiesPage({ staff, kind, q, page }));
  }

  @Get('new')
  @StaffPage('administrator')
  async newBody(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.renderForm(res, staff, null, formOfBody(null), new FormErrors());
  }

  @Post()
  @StaffForm<BodiesPageController>(['administrator'], (c, form) => c.expired(form))
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const form = typedBodyForm(body);
    const errors = new FormErrors();
    const { input, words } = bodyInputOf(form, errors);
    if (errors.any) return this.renderForm(res, staff, null, form, errors, 422);
    try {
      const created = await this.creating.create(input, staffActor(staff));
      res.redirect(303, `/directory/bodies/${created.id}?done=created`);
    } catch (e) {
      const status = addRefusal(errors, e, words, { subject: 'body' });
      await this.renderForm(res, staff, null, form, errors, status);
    }
  }

  @Get(':id')
  @StaffPage(...READERS)
  async show(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const day = readDateField(query, 'on', 'the day');
    const errors = new FormErrors().date('on', day);
    const body = await this.found(res, staff, () =>
      this.reads.get(id, day.iso ? { on: day.iso } : {}, staffActor(staff)),
    );
    if (!body) return;
    const organisations = await this.choices.organisationsOf(staffActor(staff));
    this.pages.html(
      res,
      'directory/body.njk',
      bodyPage({ staff, body, organisations, day: day.typed, errors, done: query.done }),
    );
  }

  @Get(':id/edit')
  @StaffPage('administrator')
  async edit(@Param('id') id: string, @CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    const body = await this.found(res, staff, () => this.reads.get(id, {}, staffActor(staff)));
    if (!body) return;
    await this.renderForm(res, staff, body, formOfBody(body), new FormErrors());
  }

  @Post(':id')
  @StaffForm<BodiesPageController>(['administrator'], (c, form) => c.expired(form))
  async change(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const before = await this.found(res, staff, () => this.reads.get(id, {}, staffActor(staff)));
    if (!before) return;
    const form = typedBodyForm(body);
    const errors = new FormErrors();
    const { input, words } = bodyInputOf(form, errors);
    const when = readRulesChange(body, errors);
    if (errors.any) return this.renderForm(res, staff, before, form, errors, 422, when.form);
    try {
      await this.changing.change(
        id,
        { ...input, ...when.input, expectedVersion: Number(form.version) || 0 },
        staffActor(staff),
      );
      res.redirect(303, `/directory/bodies/${id}?done=changed`);
    } catch (e) {
      const status = addRefusal(
        errors,
        e,
        { ...words, ...RULES_CHANGE_WORDS },
        { subject: 'body', rules: RULES_CHANGE_REFUSALS },
      );
      // After a conflict the form carries the version now on record: what was typed is kept, and
      // saving again is a decision made having seen the message.
      await this.renderForm(
        res,
        staff,
        before,
        { ...form, version: String(before.version) },
        errors,
        status,
        when.form,
      );
    }
  }

  /**
   * A body's form posted without the session's token: the form again as typed (a body not the
   * council's is the not-found page), saying so, and nothing saved.
   */
  private async expired({ res, staff, body, params }: ExpiredForm) {
    const before = params.id
      ? await this.found(res, staff, () => this.reads.get(params.id, {}, staffActor(staff)))
      : null;
    if (params.id && !before) return;
    const errors = new FormErrors();
    errors.add('main-content', FORM_EXPIRED);
    await this.renderForm(res, staff, before, typedBodyForm(body), errors, 403);
  }

  /** The record, or the not-found page for an id that is not the council's (or not an id). */
  private async found<T>(res: Response, staff: SignedInStaff, read: () => Promise<T>) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return null;
    }
  }

  private async renderForm(
    res: Response,
    staff: SignedInStaff,
    body: BodyRecord | null,
    form: BodyForm,
    errors: FormErrors,
    status = 200,
    rulesChange?: RulesChangeForm,
  ) {
    const organisations = await this.choices.organisationsOf(staffActor(staff));
    this.pages.html(
      res,
      'directory/bodies-form.njk',
      bodyFormPage({ staff, body, form, errors, organisations, rulesChange }),
      status,
    );
  }
}
