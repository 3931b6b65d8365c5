import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { OfficeRepository } from '../../../libs/directory/office.repository';
import { Clock } from '../../../libs/engine/clock.service';
import { OpenCaseUseCase } from '../../../libs/engine/open-case.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import { inWords } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { PageRenderer } from './page-renderer.service';
import { StaffPages, staffActor, formText } from './staff-pages.service';

/** Opening a case from a template: a form that asks for the template's title, dates and role holders. */
@ApiExcludeController()
@Controller('cases/new')
export class NewCaseController {
  constructor(
    private readonly ds: DataSource,
    private readonly open: OpenCaseUseCase,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  async chooseTemplate(@Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) return;
    this.pages.html(res, 'new-case-template.njk', {
      staff,
      templates: listTemplates().filter((t) => findTemplate(t.id) === t),
    });
  }

  @Get(':template')
  async form(@Param('template') id: string, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) return;
    const template = findTemplate(id);
    if (!template) {
      res.redirect(303, '/cases/new');
      return;
    }
    await this.render(res, staff, template, {});
  }

  @Post(':template')
  async create(
    @Param('template') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) return;
    const template = findTemplate(id);
    if (!template || !this.staffPages.csrfOk(staff, body)) {
      res.redirect(303, '/cases/new');
      return;
    }
    const str = (k: string) => formText(body, k);
    const roles = Object.fromEntries(
      Object.entries(template.roles)
        .filter(([, r]) => r.binding !== 'officers')
        .flatMap(([k]) => (str(`role.${k}`) ? [[k, str(`role.${k}`)]] : [])),
    );
    const dates = Object.fromEntries(
      Object.keys(template.dateFields ?? {}).map((k) => [k, str(`date.${k}`)]),
    );
    try {
      const { caseId } = await this.open.open(
        { template: template.id, title: str('title'), dates, roles },
        staffActor(staff),
      );
      res.redirect(303, `/cases/${caseId}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const problems = (e.extra.problems as { path: string; message: string }[] | undefined) ?? [];
      const errors = problems.length
        ? problems.map((p) => ({
            text: `${inWords(p.path.split('.').pop() ?? p.path)}: ${p.message}`,
            href: `#${p.path.replace('.', '-')}`,
          }))
        : [{ text: e.detail, href: '#title' }];
      await this.render(res, staff, template, { title: str('title'), dates, roles }, errors, 422);
    }
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    template: WorkflowTemplate,
    values: { title?: string; dates?: Record<string, string>; roles?: Record<string, string> },
    errors: { text: string; href: string }[] = [],
    status = 200,
  ) {
    // An office can fill a role only while someone holds it (the engine checks again on opening).
    const offices = await new OfficeRepository().list(this.ds.manager, staff.tenantId, {
      on: londonDate(this.clock.now()),
      held: true,
      limit: 1000,
      offset: 0,
    });
    const delegations = await new DelegationRepository().labels(this.ds.manager, staff.tenantId);
    const roles = Object.entries(template.roles)
      .filter(([, r]) => r.binding !== 'officers')
      .map(([key, r]) => ({
        key,
        label: r.label,
        items: [
          { value: '', text: 'Choose…' },
          ...(r.binding === 'office'
            ? offices.map((o) => ({
                value: o.id,
                text: o.title,
                selected: values.roles?.[key] === o.id,
              }))
            : delegations
                .filter((d) => d.scope === r.delegationScope)
                .map((d) => ({
                  value: d.id,
                  text: d.label,
                  selected: values.roles?.[key] === d.id,
                }))),
        ],
      }));
    const dates = Object.entries(template.dateFields ?? {}).map(([key, hint]) => ({
      key,
      label: inWords(key),
      hint,
      value: values.dates?.[key] ?? '',
    }));
    this.pages.html(
      res,
      'new-case.njk',
      { staff, template, roles, dates, title: values.title ?? '', errors },
      status,
    );
  }
}
