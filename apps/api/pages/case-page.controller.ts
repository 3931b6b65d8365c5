import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { CertificateService } from '../../../libs/audit/certificate.service';
import { VerifyAuditUseCase } from '../../../libs/audit/verify-audit.use-case';
import { PersonalDataHoldUseCase } from '../../../libs/documents/personal-data-hold.use-case';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { OfficeRepository } from '../../../libs/directory/office.repository';
import { CaseSearchRepository } from '../../../libs/engine/case-search.repository';
import { CaseViewService } from '../../../libs/engine/case-view.service';
import { Clock } from '../../../libs/core/clock.service';
import { restore } from '../../../libs/workflows/machine-snapshot.service';
import { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { CaseAgendasRepository } from '../../../libs/meetings/case-agendas.repository';
import { MinutesCasesRepository } from '../../../libs/meetings/minutes-cases.repository';
import { AWAITING_PRESIDING_MEMBER } from '../../../libs/meetings/use-cases/name-minutes-signer.use-case';
import { tenantScope, scopeOf } from '../../../libs/core/tenant-scope';
import { ChaseRequestsUseCase } from '../../../libs/notifications/chase-requests.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { findTemplate } from '../../../libs/workflows/template.registry';
import { dateLabel, eventWords } from '../../../libs/workflows/template-words.registry';
import { deadlineWords } from '../../../libs/workflows/template-emails';
import { renderWorkflowDiagram } from '../../../libs/workflows/workflow-diagram.service';
import { stateIds } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { httpStatusOf } from '../http/problem.filter';
import { caseTimeline } from './case-timeline.presenter';
import { caseLifecycle, LIFECYCLE_DONE } from './case-lifecycle.presenter';
import { datesInWords, dayInWords, whenInWords } from './forms/words.service';
import { presentEventForm } from './event-form.presenter';
import { presentEventCheck } from './event-check.presenter';
import { conditionState, type CaseCondition } from './case-condition.presenter';
import { presidingLink } from './minutes-presiding-link.presenter';
import {
  addRefusal,
  eventForm,
  readEventForm,
  schemaProblems,
  type EventForm,
  type FormChoices,
  type Typed,
} from './event-form.service';
import { FormErrors } from './forms/form-errors.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, staffActor } from './staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from './staff-page.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event types the case's current states handle, whatever their guards will say of a payload. */
function handledEvents(snapshot: AnyMachineSnapshot): Set<string> {
  const nodes = (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes ?? [];
  return new Set(nodes.flatMap((n) => [...n.transitions.keys()]));
}

/** The form the officer posted, kept to show again: what they typed and what is wrong with it. */
interface Posted {
  type: string;
  typed: Typed;
  errors: FormErrors;
}

/** The case page: where it stands, who is awaited, its documents, diagram, timeline, and what the officer may record now. */
@ApiExcludeController()
@Controller('cases')
export class CasePageController {
  constructor(
    private readonly ds: DataSource,
    private readonly offices: OfficeRepository,
    private readonly delegations: DelegationRepository,
    private readonly search: CaseSearchRepository,
    private readonly views: CaseViewService,
    private readonly certificates: CertificateService,
    private readonly audit: VerifyAuditUseCase,
    private readonly send: SendEventUseCase,
    private readonly chaser: ChaseRequestsUseCase,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
    private readonly agendas: CaseAgendasRepository,
    private readonly minutesCases: MinutesCasesRepository,
    private readonly holds: PersonalDataHoldUseCase,
  ) {}

  /** A mistyped address, another organisation's case and a missing one all read as not found. */
  private async found(staff: SignedInStaff, res: Response, id: string) {
    if (UUID.test(id)) {
      try {
        await this.views.get(staff.tenantId, id);
        return staff;
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
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    if (!(await this.found(staff, res, id))) return;
    await this.render(res, staff, id, { done: typeof done === 'string' ? done : undefined });
  }

  @Get(':id/diagram.svg')
  @StaffPage('officer', 'governance_lead')
  async diagram(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    if (!(await this.found(staff, res, id))) return;
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
  @StaffPage('officer', 'governance_lead')
  async certificate(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    if (!(await this.found(staff, res, id))) return;
    const cert = await this.certificates.build(staff.tenantId, id);
    const template = findTemplate(cert.case.template.id, cert.case.template.version)!;
    const trail = await this.audit.trail(staff.tenantId, id);
    this.pages.html(res, 'certificate.njk', {
      ...CertificateService.pageModel(cert, whenInWords),
      timeline: caseTimeline(template, trail, cert),
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
    if (!(await this.found(staff, res, id))) return;
    const view = await this.views.get(staff.tenantId, id);
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
    if (!(await this.found(staff, res, id))) return;
    const errors = new FormErrors();
    const view = await this.views.get(staff.tenantId, id);
    const template = findTemplate(view.template.id, view.template.version)!;
    const spec = template.events[type];
    if (!spec || !spec.sendableBy.includes('officer')) {
      errors.add('main-content', 'That cannot be recorded on this page.');
      return this.render(res, staff, id, { posted: { type, typed: {}, errors } }, 422);
    }
    const form = eventForm(template, type, await this.choices(staff, view.context));
    const read = readEventForm(form, body);
    // "Change your answers" on the check page: the case page's form again, as typed.
    if (body.change === 'yes')
      return this.render(res, staff, id, { posted: { type, typed: read.typed, errors } });
    const words = eventWords(template, type);
    const context = view.context as Record<string, unknown> | null;
    const replaces =
      words.replaces && context?.[words.replaces.contextKey] ? words.replaces : undefined;
    if (replaces && body.confirmReplace !== 'yes')
      read.errors.add(`${type}-confirmReplace`, `Confirm: ${replaces.confirm.toLowerCase()}`);
    schemaProblems(template, form, read.payload, read.errors);
    if (read.errors.any) return this.render(res, staff, id, { posted: { type, ...read } }, 422);
    if (words.checkFirst && body.checked !== 'yes') {
      const check = presentEventCheck(form, read.payload, body);
      return this.pages.html(res, 'event-check.njk', { staff, c: view, check, replaces });
    }
    try {
      await this.send.send(id, { type, payload: read.payload }, staffActor(staff), {
        expectedVersion: Number(body.expectedVersion),
      });
      res.redirect(303, `/cases/${id}?done=${encodeURIComponent(type)}`);
    } catch (e) {
      if (!addRefusal(form, e, read.errors)) throw e;
      await this.render(
        res,
        staff,
        id,
        { posted: { type, ...read } },
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

  /** Offices held today and delegations for a role handed over; the case's open conditions. */
  private async choices(staff: SignedInStaff, context: unknown): Promise<FormChoices> {
    const offices = await this.offices.list(scopeOf(staff), this.ds.manager, {
      on: londonDate(this.clock.now()),
      held: true,
      limit: 1000,
      offset: 0,
    });
    const delegations = await this.delegations.labels(scopeOf(staff), this.ds.manager);
    const conditions = ((context as { conditions?: unknown[] } | null)?.conditions ?? []) as {
      id: string;
      text: string;
      metOn: string | null;
    }[];
    return {
      holders: [
        ...offices.map((o) => ({
          value: o.id,
          text: o.holder ? `${o.title} (${o.holder.personName})` : o.title,
        })),
        ...delegations.map((d) => ({ value: d.id, text: d.label })),
      ],
      conditions: conditions
        .filter((c) => c.metOn === null)
        .map((c) => ({ value: c.id, text: c.text })),
    };
  }

  private async officerForms(
    template: WorkflowTemplate,
    staff: SignedInStaff,
    id: string,
    context: unknown,
  ): Promise<EventForm[]> {
    const snapshot = await this.search.snapshotOf(scopeOf(staff), this.ds.manager, id);
    const handled = handledEvents(restore(template.machine, snapshot));
    const choices = await this.choices(staff, context);
    return (
      Object.entries(template.events)
        .filter(([type, spec]) => spec.sendableBy.includes('officer') && handled.has(type))
        // An outcome only a meeting's show of hands records has no form: the page says the
        // meeting page takes it, as it says of a form too complex for it.
        .map(([type]) => {
          const form = eventForm(template, type, choices);
          return eventWords(template, type).fromMeeting ? { ...form, complex: true } : form;
        })
    );
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    id: string,
    state: { posted?: Posted; done?: string },
    status = 200,
  ) {
    const view = await this.views.get(staff.tenantId, id);
    const template = findTemplate(view.template.id, view.template.version)!;
    const cert = await this.certificates.build(staff.tenantId, id);
    const trail = await this.audit.trail(staff.tenantId, id);
    // A paused or withdrawn case takes no step (ADR 0012): no step's form is offered.
    const active = view.lifecycle.status === 'active';
    const all =
      !staff.mayRecord || !active ? [] : await this.officerForms(template, staff, id, view.context);
    const context = view.context as Record<string, unknown> | null;
    const forms = all
      .filter((f) => !f.complex)
      .map((f) => {
        const posted = state.posted?.type === f.type ? state.posted : undefined;
        const replaces = eventWords(template, f.type).replaces;
        return {
          ...presentEventForm(f, posted?.typed, posted?.errors),
          replaces: replaces && context?.[replaces.contextKey] ? replaces : undefined,
          replaceError: posted?.errors.for(`${f.type}-confirmReplace`),
        };
      });
    const done =
      state.done === 'chase'
        ? 'The open requests were sent again'
        : state.done && Object.hasOwn(LIFECYCLE_DONE, state.done)
          ? LIFECYCLE_DONE[state.done]
          : state.done && template.events[state.done]
            ? eventWords(template, state.done).done
            : undefined;
    const agendas = (
      await this.agendas.ofCase(tenantScope(staff.tenantId), this.ds.manager, id)
    ).map((a) => ({
      ...a,
      when: dayInWords(a.meetingDate),
    }));
    const nextDeadline = view.openDeadlines.find((d) => d.kind === 'deadline');
    const hold = await this.holds.of(staff.tenantId, id);
    // Who presided is named on the meeting's page, not here: the way there, for those who record.
    const presiding =
      staff.mayRecord && active && view.state.key === AWAITING_PRESIDING_MEMBER
        ? await this.minutesCases.approvalOfCase(tenantScope(staff.tenantId), this.ds.manager, id)
        : undefined;
    this.pages.html(
      res,
      'case.njk',
      {
        staff,
        c: view,
        cert,
        forms,
        elsewhere: all.filter((f) => f.complex).map((f) => f.action),
        agendas,
        presidingAt: presidingLink(presiding),
        done,
        errorList: state.posted?.errors.items ?? [],
        chaseable: active && view.awaiting.some((a) => a.role !== 'officer'),
        lifecycle: caseLifecycle(view, template, staff.mayRecord),
        dates: Object.entries(view.dates).map(([k, v]) => ({
          key: { text: dateLabel(template, k) },
          value: { text: dayInWords(v, v) },
        })),
        nextDeadline: nextDeadline ? whenInWords(nextDeadline.dueAt) : null,
        overdue: view.overdue.map((k) => `${deadlineWords(template, k)} deadline`).join(', '),
        conditions: (view.conditions as CaseCondition[]).map((k) => ({
          text: k.text,
          state: conditionState(k, template),
        })),
        // A legal hold on the case's personal data; the holds page for those who may release it.
        hold: hold && {
          reason: hold.reason,
          by: hold.heldBy.name,
          when: whenInWords(hold.heldAt),
          href: ['governance_lead', 'administrator'].includes(staff.role)
            ? '/admin/retention/holds'
            : null,
        },
        opened: whenInWords(view.createdAt),
        closed: view.closedAt ? whenInWords(view.closedAt) : null,
        timeline: caseTimeline(template, trail, cert),
        diagramAlt: `Workflow diagram. ${datesInWords(view.state.summary)}.`,
      },
      status,
    );
  }
}
