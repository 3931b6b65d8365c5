import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { CertificateService } from '../../../libs/audit/certificate.service';
import { VerifyAuditUseCase } from '../../../libs/audit/verify-audit.use-case';
import { CaseViewService } from '../../../libs/engine/case-view.service';
import { restore } from '../../../libs/engine/machine-snapshot.service';
import { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { DomainError, InvalidInputError } from '../../../libs/errors/domain.errors';
import { ChaseRequestsUseCase } from '../../../libs/notifications/chase-requests.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { findTemplate } from '../../../libs/workflows/template.registry';
import { renderWorkflowDiagram } from '../../../libs/workflows/workflow-diagram.service';
import { inWords, stateIds } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { formFields, payloadFrom } from './event-form.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, StaffPages, staffActor } from './staff-pages.service';
import { httpStatusOf } from '../http/problem.filter';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID.'),
});

/** Event types the case's current states handle, whatever their guards will say of a payload. */
function handledEvents(snapshot: AnyMachineSnapshot): Set<string> {
  const nodes = (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes ?? [];
  return new Set(nodes.flatMap((n) => [...n.transitions.keys()]));
}

/** The case page: where it stands, who is awaited, its documents, diagram, timeline, and what the officer may record now. */
@ApiExcludeController()
@Controller('cases')
export class CasePageController {
  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
    private readonly certificates: CertificateService,
    private readonly audit: VerifyAuditUseCase,
    private readonly send: SendEventUseCase,
    private readonly chaser: ChaseRequestsUseCase,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
  ) {}

  @Get(':id')
  async show(@Param('id', caseId) id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer', 'governance_lead']);
    if (!staff) return;
    try {
      await this.render(res, staff, id);
    } catch (e) {
      // Another organisation's case reads exactly like one that does not exist.
      if (e instanceof DomainError && e.code === 'CASE_NOT_FOUND')
        this.pages.html(res, 'not-found.njk', { staff }, 404);
      else throw e;
    }
  }

  @Get(':id/diagram.svg')
  async diagram(@Param('id', caseId) id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer', 'governance_lead']);
    if (!staff) return;
    const view = await this.views.get(staff.tenantId, id);
    const template = findTemplate(view.template.id, view.template.version)!;
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
  async certificate(@Param('id', caseId) id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer', 'governance_lead']);
    if (!staff) return;
    const cert = await this.certificates.build(staff.tenantId, id);
    this.pages.html(res, 'certificate.njk', CertificateService.pageModel(cert));
  }

  /** "Verify the record": the audit chain checked now, with the first break if there is one. */
  @Get(':id/verify')
  async verify(@Param('id', caseId) id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer', 'governance_lead']);
    if (!staff) return;
    const view = await this.views.get(staff.tenantId, id);
    const finding = await this.audit.verifyCase(staff.tenantId, id);
    this.pages.html(res, 'verify.njk', { staff, c: view, finding });
  }

  @Post(':id/events/:type')
  async record(
    @Param('id', caseId) id: string,
    @Param('type') type: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) return;
    if (!this.staffPages.csrfOk(staff, body)) {
      await this.render(
        res,
        staff,
        id,
        {
          event: type,
          message: FORM_EXPIRED,
          problems: [],
        },
        403,
      );
      return;
    }
    const view = await this.views.get(staff.tenantId, id);
    const template = findTemplate(view.template.id, view.template.version)!;
    const spec = template.events[type];
    if (!spec || !spec.sendableBy.includes('officer')) {
      await this.render(
        res,
        staff,
        id,
        { event: type, message: 'That cannot be recorded here.', problems: [] },
        422,
      );
      return;
    }
    try {
      await this.send.send(
        id,
        { type, payload: payloadFrom(formFields(spec.payload), body) },
        staffActor(staff),
        { expectedVersion: Number(body.expectedVersion) },
      );
      res.redirect(303, `/cases/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const problems = e instanceof InvalidInputError ? e.problems : [];
      await this.render(
        res,
        staff,
        id,
        { event: type, message: e.detail, problems },
        httpStatusOf(e),
      );
    }
  }

  @Post(':id/chase')
  async chase(
    @Param('id', caseId) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) return;
    if (!this.staffPages.csrfOk(staff, body)) {
      await this.render(
        res,
        staff,
        id,
        {
          event: 'chase',
          message: FORM_EXPIRED,
          problems: [],
        },
        403,
      );
      return;
    }
    try {
      await this.chaser.chase(id, Number(body.expectedVersion), staffActor(staff));
      res.redirect(303, `/cases/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.render(res, staff, id, { event: 'chase', message: e.detail, problems: [] }, 422);
    }
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    id: string,
    error?: { event: string; message: string; problems: { path: string; message: string }[] },
    status = 200,
  ) {
    const view = await this.views.get(staff.tenantId, id);
    const template = findTemplate(view.template.id, view.template.version)!;
    const cert = await this.certificates.build(staff.tenantId, id);
    const forms = !staff.mayRecord ? [] : await this.officerForms(template, staff.tenantId, id);
    const agendas: { meetingId: string; title: string; meetingDate: string; item: string }[] =
      await this.ds.query(
        `SELECT m.id AS "meetingId", m.title, m.meeting_date::text AS "meetingDate", a.title AS item
           FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id AND m.tenant_id = a.tenant_id
          WHERE a.tenant_id = $1 AND a.case_id = $2 ORDER BY m.meeting_date`,
        [staff.tenantId, id],
      );
    this.pages.html(
      res,
      'case.njk',
      {
        staff,
        c: view,
        cert,
        forms,
        agendas,
        error,
        errorList: error
          ? [
              { text: error.message, href: `#form-${error.event}` },
              ...error.problems.map((p) => ({
                text: `${inWords(p.path)}: ${p.message}`,
                href: `#${error.event}-${p.path}`,
              })),
            ]
          : [],
        chaseable: view.awaiting.some((a) => a.role !== 'officer'),
        timeline: cert.entries.map((e) => [
          { text: e.at.replace('T', ' ').slice(0, 19) },
          { text: e.kind },
          { text: e.who },
          { text: e.what },
          { text: e.detail },
        ]),
        diagramAlt: `Workflow diagram. ${view.state.summary}.`,
      },
      status,
    );
  }

  private async officerForms(template: WorkflowTemplate, tenantId: string, id: string) {
    const [row]: { snapshot: unknown }[] = await this.ds.query(
      'SELECT snapshot FROM cases WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    const handled = handledEvents(restore(template.machine, row.snapshot));
    return Object.entries(template.events)
      .filter(([type, spec]) => spec.sendableBy.includes('officer') && handled.has(type))
      .map(([type, spec]) => ({
        type,
        title: inWords(type),
        description: spec.description,
        fields: formFields(spec.payload),
      }));
  }
}
