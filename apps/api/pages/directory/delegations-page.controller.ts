import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DirectoryRecordNotFoundError } from '../../../../libs/directory/directory.errors';
import { AmendDelegationUseCase } from '../../../../libs/directory/use-cases/amend-delegation.use-case';
import type { DelegationView } from '../../../../libs/directory/use-cases/delegation-rules.service';
import { GrantDelegationUseCase } from '../../../../libs/directory/use-cases/grant-delegation.use-case';
import { ReadDelegationsUseCase } from '../../../../libs/directory/use-cases/read-delegations.use-case';
import { RevokeDelegationUseCase } from '../../../../libs/directory/use-cases/revoke-delegation.use-case';
import { Clock } from '../../../../libs/core/clock.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { addRefusal } from '../forms/refusal-errors.service';
import { PageRenderer } from '../page-renderer.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from '../staff-page.guard';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { READERS } from './bodies-page.controller';
import {
  blankDelegationForm,
  DELEGATION_RULES,
  DELEGATION_WORDS,
  knownScopes,
  readDelegationForm,
  typedRevoke,
  type DelegationForm,
} from './delegations-form.service';
import {
  delegationPage,
  delegationsPage,
  grantPage,
  type DelegationPageView,
} from './delegations.presenter';
import { expiredErrors } from './directory-pages.service';

/**
 * The scheme of delegation as pages: the delegations in force on a day (filtered by grantor,
 * delegate and scope), one delegation with its terms, and for administrators the forms to grant,
 * amend at the version read, and revoke now or from a later day, through the same use cases as
 * the API.
 */
@ApiExcludeController()
@Controller('directory/delegations')
export class DelegationsPageController {
  constructor(
    private readonly reads: ReadDelegationsUseCase,
    private readonly granting: GrantDelegationUseCase,
    private readonly amending: AmendDelegationUseCase,
    private readonly revoking: RevokeDelegationUseCase,
    private readonly choices: DirectoryChoices,
    private readonly clock: Clock,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage(...READERS)
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const actor = staffActor(staff);
    const today = londonDate(this.clock.now());
    const day = readDateField(query, 'on', 'the day');
    const errors = new FormErrors().date('on', day);
    const all = formText(query, 'all') === 'yes';
    const grantor = formText(query, 'grantor');
    const delegate = formText(query, 'delegate');
    const scope = formText(query, 'scope');
    const [bodies, offices] = await Promise.all([
      this.choices.bodiesOf(actor),
      this.choices.officesOf(actor),
    ]);
    const [kind, grantorId] = grantor.split(':');
    const filter = {
      ...(all ? {} : { inForceOn: day.iso ?? today }),
      ...(kind === 'body' && bodies.some((b) => b.id === grantorId) ? { bodyId: grantorId } : {}),
      ...(kind === 'office' && offices.some((o) => o.id === grantorId)
        ? { officeId: grantorId }
        : {}),
      ...(offices.some((o) => o.id === delegate) ? { delegateOfficeId: delegate } : {}),
      ...(knownScopes().some((s) => s.value === scope) ? { scope } : {}),
      limit: 200,
    };
    const page = await this.reads.list(filter, actor);
    this.pages.html(
      res,
      'directory/delegations.njk',
      delegationsPage({
        staff,
        today,
        on: day,
        errors,
        all,
        filters: { grantor, delegate, scope },
        bodies,
        offices,
        page,
        done: query.done,
      }),
    );
  }

  @Get('new')
  @StaffPage('administrator')
  async newDelegation(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.renderGrant(res, staff, blankDelegationForm(), new FormErrors());
  }

  @Post()
  @StaffForm<DelegationsPageController>(['administrator'], (c, { res, staff, body }) =>
    c.renderGrant(
      res,
      staff,
      readDelegationForm(body, new FormErrors()).form,
      expiredErrors(),
      403,
    ),
  )
  async grant(
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const errors = new FormErrors();
    errors.required(
      'grantor',
      formText(post, 'grantor'),
      'Choose the body or office that delegates',
    );
    errors.required(
      'delegate',
      formText(post, 'delegate'),
      'Choose the office the delegation is to',
    );
    const { form, values } = readDelegationForm(post, errors);
    if (errors.any) return this.renderGrant(res, staff, form, errors, 422);
    const [kind, grantorId] = form.grantor.split(':');
    try {
      const granted = await this.granting.grant(
        {
          ...(kind === 'office'
            ? { delegatorOfficeId: grantorId }
            : { delegatorBodyId: grantorId }),
          delegateOfficeId: form.delegate,
          ...values,
        },
        staffActor(staff),
      );
      res.redirect(303, `/directory/delegations/${granted.id}?done=granted`);
    } catch (e) {
      const status = addRefusal(errors, e, DELEGATION_WORDS, {
        subject: 'delegation',
        rules: DELEGATION_RULES,
        notFound: { body: 'grantor', office: 'delegate' },
      });
      await this.renderGrant(res, staff, form, errors, status);
    }
  }

  @Get(':id')
  @StaffPage(...READERS)
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const d = await this.found(res, staff, id);
    if (!d) return;
    await this.renderOne(res, staff, d, { done });
  }

  @Post(':id')
  @StaffForm<DelegationsPageController>(['administrator'], (c, form) =>
    c.expired(form, { form: readDelegationForm(form.body, new FormErrors()).form }),
  )
  async amend(
    @Param('id') id: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const d = await this.found(res, staff, id);
    if (!d) return;
    const errors = new FormErrors();
    const { form, values } = readDelegationForm(post, errors);
    if (errors.any) return this.renderOne(res, staff, d, { form, errors }, 422);
    try {
      await this.amending.amend(
        d.id,
        { expectedVersion: Number(formText(post, 'version')) || 0, ...values },
        staffActor(staff),
      );
      res.redirect(303, `/directory/delegations/${d.id}?done=amended`);
    } catch (e) {
      const status = addRefusal(errors, e, DELEGATION_WORDS, {
        subject: 'delegation',
        rules: DELEGATION_RULES,
      });
      const now = (await this.found(res, staff, id))!;
      await this.renderOne(res, staff, now, { form, errors }, status);
    }
  }

  @Post(':id/revoke')
  @StaffForm<DelegationsPageController>(['administrator'], (c, form) =>
    c.expired(form, { revoke: typedRevoke(form.body) }),
  )
  async revoke(
    @Param('id') id: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const d = await this.found(res, staff, id);
    if (!d) return;
    const on = readDateField(post, 'revokeOn', 'the first day it is no longer in force');
    const revoke = typedRevoke(post);
    const errors = new FormErrors();
    errors
      .required('revokeReference', revoke.reference, 'Enter the minute or decision that revokes it')
      .date('revokeOn', on);
    if (errors.any) return this.renderOne(res, staff, d, { revoke, errors }, 422);
    try {
      await this.revoking.revoke(
        d.id,
        {
          expectedVersion: Number(formText(post, 'version')) || 0,
          reference: revoke.reference,
          ...(on.iso ? { on: on.iso } : {}),
        },
        staffActor(staff),
      );
      res.redirect(303, `/directory/delegations/${d.id}?done=revoked`);
    } catch (e) {
      const status = addRefusal(
        errors,
        e,
        {
          reference: { id: 'revokeReference', message: cap },
          on: { id: 'revokeOn-day', message: cap },
        },
        { subject: 'delegation', fallback: 'revokeOn-day' },
      );
      const now = (await this.found(res, staff, id))!;
      await this.renderOne(res, staff, now, { revoke, errors }, status);
    }
  }

  /** A delegation's form posted without the session's token: the delegation, the form as typed. */
  private async expired({ res, staff, params }: ExpiredForm, typed: DelegationPageView) {
    const d = await this.found(res, staff, params.id ?? '');
    if (d) await this.renderOne(res, staff, d, { ...typed, errors: expiredErrors() }, 403);
  }

  private async found(res: Response, staff: SignedInStaff, id: string) {
    try {
      return await this.reads.get(id, staffActor(staff));
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return null;
    }
  }

  private async renderGrant(
    res: Response,
    staff: SignedInStaff,
    form: DelegationForm,
    errors: FormErrors,
    status = 200,
  ) {
    const actor = staffActor(staff);
    const [bodies, offices] = await Promise.all([
      this.choices.bodiesOf(actor),
      this.choices.officesOf(actor),
    ]);
    this.pages.html(
      res,
      'directory/delegations-form.njk',
      grantPage({ staff, form, errors, bodies, offices }),
      status,
    );
  }

  private async renderOne(
    res: Response,
    staff: SignedInStaff,
    d: DelegationView,
    view: DelegationPageView,
    status = 200,
  ) {
    const today = londonDate(this.clock.now());
    this.pages.html(
      res,
      'directory/delegations-one.njk',
      delegationPage({ staff, d, today, view }),
      status,
    );
  }
}

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
