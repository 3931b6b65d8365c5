import { scopeOf } from '../../../libs/core/tenant-scope';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../../../libs/core/clock.service';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { OfficeRepository } from '../../../libs/directory/office.repository';
import { CaseView, CaseViewService } from '../../../libs/engine/case-view.service';
import { PauseCaseUseCase } from '../../../libs/engine/lifecycle/pause-case.use-case';
import { ReassignRoleUseCase } from '../../../libs/engine/lifecycle/reassign-role.use-case';
import { ResumeCaseUseCase } from '../../../libs/engine/lifecycle/resume-case.use-case';
import { WithdrawCaseUseCase } from '../../../libs/engine/lifecycle/withdraw-case.use-case';
import { DomainError, GovernanceRuleError } from '../../../libs/errors/domain.errors';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { templateOfView } from '../../../libs/workflows/case-template.service';
import { httpStatusOf } from '../http/problem.filter';
import { refusalSentence } from '../http/refusal.presenter';
import { FormErrors } from './forms/form-errors.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from './staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from './staff-page.guard';
import { versionConflictText } from './forms/refusal-errors.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Mode = 'withdraw' | 'pause' | 'resume' | 'reassign';
type Typed = { reason?: string; confirm?: string; holderId?: string };

/**
 * The officer's lifecycle forms of a case (ADR 0012): withdraw with a reason and a confirmation,
 * pause with a reason, resume, and hand a role to another office or delegation chosen by its title
 * and holder's name. Governance leads read the case page; these forms are officers'.
 */
@ApiExcludeController()
@Controller('cases/:id')
export class CaseLifecyclePagesController {
  constructor(
    private readonly ds: DataSource,
    private readonly offices: OfficeRepository,
    private readonly delegations: DelegationRepository,
    private readonly clock: Clock,
    private readonly views: CaseViewService,
    private readonly pages: PageRenderer,
    private readonly withdrawing: WithdrawCaseUseCase,
    private readonly pausing: PauseCaseUseCase,
    private readonly resuming: ResumeCaseUseCase,
    private readonly reassigning: ReassignRoleUseCase,
  ) {}

  @Get(['withdraw', 'pause', 'resume'])
  @StaffPage('officer')
  async form(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const mode = req.path.split('/').pop() as Mode;
    const found = await this.found(staff, res, id);
    if (found) await this.render(res, found.staff, found.view, mode, {});
  }

  @Get('roles/:role/reassign')
  @StaffPage('officer')
  async reassignForm(
    @Param('id') id: string,
    @Param('role') role: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const found = await this.found(staff, res, id, role);
    if (found) await this.render(res, found.staff, found.view, 'reassign', {}, role);
  }

  @Post(['withdraw', 'pause', 'resume'])
  @StaffForm<CaseLifecyclePagesController>(['officer'], (c, form) => c.expired(form))
  async post(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const mode = req.path.split('/').pop() as Mode;
    await this.act(staff, res, id, mode, body);
  }

  @Post('roles/:role/reassign')
  @StaffForm<CaseLifecyclePagesController>(['officer'], (c, form) => c.expired(form))
  async reassign(
    @Param('id') id: string,
    @Param('role') role: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.act(staff, res, id, 'reassign', body, role);
  }

  /** A lifecycle form posted without the session's token: the form again, typed values kept. */
  private async expired({ req, res, staff, body, params }: ExpiredForm) {
    const mode: Mode = params.role === undefined ? (req.path.split('/').pop() as Mode) : 'reassign';
    const found = await this.found(staff, res, params.id ?? '', params.role);
    if (!found) return;
    const errors = new FormErrors();
    errors.add('main-content', FORM_EXPIRED);
    await this.render(res, staff, found.view, mode, typedOf(body), params.role, errors, 403);
  }

  private async act(
    staff: SignedInStaff,
    res: Response,
    id: string,
    mode: Mode,
    body: Record<string, unknown>,
    role?: string,
  ) {
    const found = await this.found(staff, res, id, role);
    if (!found) return;
    const { view } = found;
    const typed = typedOf(body);
    const errors = new FormErrors();
    if ((mode === 'withdraw' || mode === 'pause') && !typed.reason)
      errors.add('reason', `Say why the case is ${mode === 'withdraw' ? 'withdrawn' : 'paused'}`);
    if (mode === 'withdraw' && typed.confirm !== 'yes')
      errors.add('confirm', 'Confirm that the case is to be withdrawn');
    if (mode === 'reassign' && !UUID.test(typed.holderId ?? ''))
      errors.add('holderId', 'Choose who takes the role');
    if (errors.any) return this.render(res, staff, view, mode, typed, role, errors, 422);
    const expectedVersion = Number(body.expectedVersion);
    const actor = staffActor(staff);
    try {
      if (mode === 'withdraw')
        await this.withdrawing.withdraw(id, { expectedVersion, reason: typed.reason }, actor);
      else if (mode === 'pause')
        await this.pausing.pause(id, { expectedVersion, reason: typed.reason }, actor);
      else if (mode === 'resume') await this.resuming.resume(id, { expectedVersion }, actor);
      else
        await this.reassigning.reassign(
          id,
          role!,
          {
            expectedVersion,
            holderId: typed.holderId,
            ...(typed.reason ? { reason: typed.reason } : {}),
          },
          actor,
        );
      const done = {
        withdraw: 'withdrawn',
        pause: 'paused',
        resume: 'resumed',
        reassign: 'reassigned',
      };
      res.redirect(303, `/cases/${id}?done=${done[mode]}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refusal(e, errors);
      await this.render(
        res,
        staff,
        await this.views.get(staff.tenantId, id),
        mode,
        typed,
        role,
        errors,
        httpStatusOf(e),
      );
    }
  }

  /** The case, for an officer; a mistyped address, another council's case or role reads as not found. */
  private async found(
    staff: SignedInStaff,
    res: Response,
    id: string,
    role?: string,
  ): Promise<{ staff: SignedInStaff; view: CaseView } | null> {
    if (UUID.test(id)) {
      try {
        const view = await this.views.get(staff.tenantId, id);
        const template = templateOfView(view);
        const spec =
          role === undefined
            ? null
            : Object.hasOwn(template.roles, role)
              ? template.roles[role]
              : undefined;
        // A seat (a body's chair) follows the body's members: there is no one to hand it to.
        if (spec !== undefined && !['officers', 'seat', 'member'].includes(spec?.binding ?? ''))
          return { staff, view };
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CASE_NOT_FOUND')) throw e;
      }
    }
    this.pages.html(res, 'not-found.njk', { staff }, 404);
    return null;
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    view: CaseView,
    mode: Mode,
    typed: Typed,
    role?: string,
    errors = new FormErrors(),
    status = 200,
  ) {
    const template = templateOfView(view);
    const spec = role ? template.roles[role] : undefined;
    const holders = spec ? await this.holders(staff, spec.binding, spec.delegationScope) : [];
    const current = role ? view.roles[role] : undefined;
    this.pages.html(
      res,
      'case-lifecycle-form.njk',
      {
        staff,
        c: view,
        mode,
        role,
        roleLabel: spec?.label,
        currentHolder: current?.person ? `${current.person.name} (${current.actingAs})` : 'nobody',
        openRequests: view.awaiting
          .filter((a) => a.person)
          .map((a) => `${a.person!.name} (${a.actingAs || a.label})`),
        holders: holders.map((h) => ({ ...h, checked: h.value === typed.holderId })),
        typed,
        errors: errors.items,
        fieldErrors: errors.byField(),
      },
      status,
    );
  }

  /** Who may take a role, by title and holder's name: offices held today, or delegations in its scope. */
  private async holders(staff: SignedInStaff, binding: string, scope?: string) {
    if (binding === 'office') {
      const offices = await this.offices.list(scopeOf(staff), this.ds.manager, {
        on: londonDate(this.clock.now()),
        held: true,
        limit: 1000,
        offset: 0,
      });
      return offices.map((o) => ({
        value: o.id,
        text: o.holder ? `${o.title} (${o.holder.personName})` : o.title,
      }));
    }
    const delegations = await this.delegations.labels(scopeOf(staff), this.ds.manager);
    return delegations
      .filter((d) => !scope || d.scope === scope)
      .map((d) => ({ value: d.id, text: d.label }));
  }
}

/** The lifecycle form as typed. */
function typedOf(body: Record<string, unknown>): Typed {
  return {
    reason: formText(body, 'reason'),
    confirm: formText(body, 'confirm'),
    holderId: formText(body, 'holderId'),
  };
}

/** A problem whose words name nothing by id. */
const nameless = (p: { message: string }) => !/[0-9a-f]{8}-[0-9a-f]{4}/i.test(p.message);

/** A refusal against the field it is about, in words (never an id). */
function refusal(e: DomainError, errors: FormErrors): void {
  if (e.code === 'INVALID_ROLE_HOLDER' || e.code === 'INVALID_INPUT') {
    const problems = (e.extra.problems ?? []) as { path: string; message: string }[];
    // Only a form not sent by this page lacks the version it was read at.
    if (problems.some((p) => p.path === 'expectedVersion')) {
      errors.add('main-content', FORM_EXPIRED);
      return;
    }
    const words = problems.find(nameless)?.message;
    const field = problems.some((p) => p.path === 'reason') ? 'reason' : 'holderId';
    errors.add(
      field,
      words
        ? words.charAt(0).toUpperCase() + words.slice(1)
        : 'Choose an office that has a holder today, or a delegation in force for this role',
    );
    return;
  }
  // A governance rule's refusal in the one shape every page gives it (http/refusal.presenter.ts):
  // against the holder chosen when the rule judged it (an office of the wrong kind of
  // organisation, a seat), else against the form; what was typed stays.
  if (e instanceof GovernanceRuleError) {
    const judged = e.problems.some((p) => /^(holderId|roles\.)/.test(p.path));
    errors.add(judged ? 'holderId' : 'main-content', refusalSentence(e));
    return;
  }
  if (e.code === 'VERSION_CONFLICT') {
    errors.add('main-content', versionConflictText('case'));
    return;
  }
  errors.add('main-content', e.detail);
}
