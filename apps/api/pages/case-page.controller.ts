import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CertificateService } from '../../../libs/audit/certificate.service';
import { VerifyAuditUseCase } from '../../../libs/audit/verify-audit.use-case';
import { type CaseView, CaseViewService } from '../../../libs/engine/case-view.service';
import { Clock } from '../../../libs/core/clock.service';
import { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { ChaseRequestsUseCase } from '../../../libs/notifications/chase-requests.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { templateOfView } from '../../../libs/workflows/case-template.service';
import { eventWords } from '../../../libs/workflows/template-words.registry';
import { renderWorkflowDiagram } from '../../../libs/workflows/workflow-diagram.service';
import { stateIds } from '../../../libs/workflows/workflow-steps.service';
import { httpStatusOf } from '../http/problem.filter';
import { addAmbiguousRole, readActingRole } from './acting-role.service';
import { CaseEventFormsService } from './case-event-forms.service';
import { CasePageService, type Posted } from './case-page.service';
import { whenInWords } from './forms/words.service';
import { overtakenWords, sameStepSince } from './case-resent.presenter';
import { presentEventCheck } from './event-check.presenter';
import { addRefusal, eventForm, readEventForm, schemaProblems } from './event-form.service';
import { FormErrors } from './forms/form-errors.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, staffActor } from './staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from './staff-page.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case page: where it stands, who is awaited, its documents, diagram, timeline, and what the officer may record now. */
@ApiExcludeController()
@Controller('cases')
export class CasePageController {
  constructor(
    private readonly views: CaseViewService,
    private readonly certificates: CertificateService,
    private readonly audit: VerifyAuditUseCase,
    private readonly send: SendEventUseCase,
    private readonly chaser: ChaseRequestsUseCase,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
    private readonly eventForms: CaseEventFormsService,
    private readonly casePage: CasePageService,
  ) {}

  /**
   * The case's view; a mistyped address, another organisation's case and a missing one all read
   * as not found (null, the page answered).
   */
  private async found(staff: SignedInStaff, res: Response, id: string): Promise<CaseView | null> {
    if (UUID.test(id)) {
      try {
        return await this.views.get(staff.tenantId, id);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CASE_NOT_FOUND')) throw e;
      }
    }
    this.pages.html(res, 'not-found.njk', { staff }, 404);
    return null;
  }

  /** A case's form posted without the session's token: the case page, the form saying so. */
  private async expired({ res, staff, params }: ExpiredForm, type: string, field: string) {
    const id = params.id ?? '';
    if (!(await this.found(staff, res, id))) return;
    const errors = new FormErrors();
    errors.add(field, FORM_EXPIRED);
    await this.render(res, staff, id, { posted: { type, typed: {}, errors } }, 403);
  }

  @Get(':id')
  @StaffPage('officer', 'governance_lead')
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @Query('again') again: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.found(staff, res, id);
    if (!view) return;
    await this.render(
      res,
      staff,
      id,
      { done: typeof done === 'string' ? done : undefined, again: again === 'yes' },
      200,
      view,
    );
  }

  @Get(':id/diagram.svg')
  @StaffPage('officer', 'governance_lead')
  async diagram(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.found(staff, res, id);
    if (!view) return;
    const template = templateOfView(view);
    const trail = await this.audit.trail(staff.tenantId, id);
    const svg = await renderWorkflowDiagram(
      template.machine,
      `${view.title}: rules as at version ${template.version}`,
      {
        current: stateIds(template.machine, view.state.key),
        visited: [...new Set(trail.flatMap((r) => stateIds(template.machine, r.toState)))],
      },
    );
    res.type('image/svg+xml; charset=utf-8').send(svg);
  }

  @Get(':id/certificate')
  @StaffPage('officer', 'governance_lead')
  async certificate(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.found(staff, res, id);
    if (!view) return;
    const { trail, chain } = await this.audit.verifiedTrail(staff.tenantId, id);
    const cert = await this.certificates.build(staff.tenantId, id, undefined, {
      view,
      trail,
      chain,
    });
    const template = templateOfView(view);
    this.pages.html(res, 'certificate.njk', {
      ...CertificateService.pageModel(cert, whenInWords),
      timeline: await this.casePage.timeline(staff.tenantId, template, trail, cert),
      generated: whenInWords(this.clock.now()),
    });
  }

  /** "Verify the record": the audit chain checked now, with the first break if there is one. */
  @Get(':id/verify')
  @StaffPage('officer', 'governance_lead')
  async verify(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.found(staff, res, id);
    if (!view) return;
    const finding = await this.audit.verifyCase(staff.tenantId, id);
    this.pages.html(res, 'verify.njk', { staff, c: view, finding });
  }

  @Post(':id/events/:type')
  @StaffForm<CasePageController>(['officer'], (c, form) =>
    c.expired(form, form.params.type ?? '', `form-${form.params.type ?? ''}`),
  )
  async record(
    @Param('id') id: string,
    @Param('type') type: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.found(staff, res, id);
    if (!view) return;
    const errors = new FormErrors();
    const template = templateOfView(view);
    const spec = template.events[type];
    if (!spec || !spec.sendableBy.includes('officer')) {
      errors.add('main-content', 'That cannot be recorded on this page.');
      return this.render(res, staff, id, { posted: { type, typed: {}, errors } }, 422);
    }
    const form = eventForm(template, type, await this.eventForms.choices(staff, view.context));
    const read = readEventForm(form, body);
    const acting = readActingRole(template, type, body, read.errors);
    if (typeof body.as === 'string') read.typed.as = body.as;
    const roles = acting.roles;
    // "Change your answers" on the check page: the case page's form again, as typed.
    if (body.change === 'yes')
      return this.render(res, staff, id, { posted: { type, typed: read.typed, errors, roles } });
    const words = eventWords(template, type);
    const context = view.context as Record<string, unknown> | null;
    const replaces =
      words.replaces && context?.[words.replaces.contextKey] ? words.replaces : undefined;
    if (replaces && body.confirmReplace !== 'yes')
      read.errors.add(`${type}-confirmReplace`, `Confirm: ${replaces.confirm.toLowerCase()}`);
    schemaProblems(template, form, read.payload, read.errors);
    if (read.errors.any)
      return this.render(res, staff, id, { posted: { type, ...read, roles } }, 422);
    if (words.checkFirst && body.checked !== 'yes') {
      const check = presentEventCheck(form, read.payload, body, acting);
      return this.pages.html(res, 'event-check.njk', { staff, c: view, check, replaces });
    }
    try {
      await this.send.send(id, { type, as: acting.as, payload: read.payload }, staffActor(staff), {
        expectedVersion: Number(body.expectedVersion),
      });
      res.redirect(303, `/cases/${id}?done=${encodeURIComponent(type)}`);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VERSION_CONFLICT')
        return this.resent(res, staff, id, type, Number(body.expectedVersion), { ...read, roles });
      // Two roles held that both take the step: the form again, asking which (acting-role.service.ts).
      const ambiguous = addAmbiguousRole(template, type, e, read.errors);
      if (!ambiguous && !addRefusal(form, e, read.errors)) throw e;
      await this.render(
        res,
        staff,
        id,
        { posted: { type, ...read, roles: ambiguous ?? roles } },
        httpStatusOf(e as DomainError),
      );
    }
  }

  @Post(':id/chase')
  @StaffForm<CasePageController>(['officer'], (c, form) => c.expired(form, 'chase', 'form-chase'))
  async chase(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    if (!(await this.found(staff, res, id))) return;
    const errors = new FormErrors();
    try {
      await this.chaser.chase(id, Number(body.expectedVersion), staffActor(staff));
      res.redirect(303, `/cases/${id}?done=chase`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      errors.add('form-chase', e.detail);
      await this.render(res, staff, id, { posted: { type: 'chase', typed: {}, errors } }, 422);
    }
  }

  /**
   * A form sent at a version the case has left. Sent again (a second click, the back button, a
   * second tab) with the same step already recorded by the same person: the case page as after
   * the first, saying it was recorded once. Else refused in words, what changed named, the form
   * as typed at the case's version now (with the question of which role, if it was asked).
   */
  private async resent(
    res: Response,
    staff: SignedInStaff,
    id: string,
    type: string,
    version: number,
    read: Omit<Posted, 'type'> & ReturnType<typeof readEventForm>,
  ) {
    const view = await this.views.get(staff.tenantId, id);
    const template = templateOfView(view);
    const trail = await this.audit.trail(staff.tenantId, id);
    if (sameStepSince(trail, version, type, staff.person.id, read.payload))
      return res.redirect(303, `/cases/${id}?done=${encodeURIComponent(type)}&again=yes`);
    const offered = (await this.eventForms.officerForms(template, staff, id, view.context)).some(
      (f) => f.type === type && !f.complex,
    );
    read.errors.add(
      offered ? `form-${type}` : 'main-content',
      overtakenWords(template, trail, version, staff.person.id, offered),
    );
    await this.render(res, staff, id, { posted: { type, ...read } }, 409);
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    id: string,
    state: { posted?: Posted; done?: string; again?: boolean },
    status = 200,
    view?: CaseView,
  ) {
    this.pages.html(res, 'case.njk', await this.casePage.model(staff, id, state, view), status);
  }
}
