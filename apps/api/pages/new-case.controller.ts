import { scopeOf } from '../../../libs/core/tenant-scope';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { BodyRepository } from '../../../libs/directory/body.repository';
import { DataSource } from 'typeorm';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { OfficeRepository } from '../../../libs/directory/office.repository';
import { Clock } from '../../../libs/core/clock.service';
import { CASE_TITLE_LENGTH, OpenCaseUseCase } from '../../../libs/engine/open-case.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import { dateHint, dateLabel } from '../../../libs/workflows/template-words.registry';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { PageRenderer } from './page-renderer.service';
import { dateInputItems, readDateField, type TypedDate } from './forms/date-field.service';
import { FormErrors, type FieldWords } from './forms/form-errors.service';
import { datesInWords } from './forms/words.service';
import { FORM_EXPIRED, staffActor, formText } from './staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';

/** Opening a case from a template: a form that asks for the template's title, dates and role holders. */
@ApiExcludeController()
@Controller('cases/new')
export class NewCaseController {
  constructor(
    private readonly ds: DataSource,
    private readonly bodies: BodyRepository,
    private readonly offices: OfficeRepository,
    private readonly delegations: DelegationRepository,
    private readonly open: OpenCaseUseCase,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('officer')
  chooseTemplate(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.pages.html(res, 'new-case-template.njk', {
      staff,
      templates: listTemplates().filter((t) => findTemplate(t.id) === t),
    });
  }

  @Get(':template')
  @StaffPage('officer')
  async form(
    @Param('template') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const template = findTemplate(id);
    if (!template) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    await this.render(res, staff, template, {});
  }

  @Post(':template')
  @StaffForm<NewCaseController>(['officer'], (c, { res, staff, body, params }) =>
    c.expired(res, staff, params.template ?? '', body),
  )
  async create(
    @Param('template') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const template = findTemplate(id);
    if (!template) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const errors = new FormErrors(datesInWords);
    const { title, dates, roles, values } = readNewCase(template, body, errors);
    if (errors.any) return this.render(res, staff, template, values, errors, 422);
    errors.required('title', title, 'Enter a title for the case');
    try {
      const { caseId } = await this.open.open(
        { template: template.id, title, dates, roles },
        staffActor(staff),
      );
      res.redirect(303, `/cases/${caseId}`);
    } catch (e) {
      // In the page's order (title, dates, roles), which the summary follows.
      const words: FieldWords = { title: { id: 'title', message: sentence } };
      for (const key of Object.keys(template.dateFields ?? {}))
        words[`dates.${key}`] = { id: `dates-${key}-day`, message: sentence };
      for (const key of Object.keys(template.roles))
        words[`roles.${key}`] = { id: `roles-${key}`, message: sentence };
      if (!errors.fromUseCase(e, words, true)) {
        if (!(e instanceof DomainError)) throw e;
        // A role holder refused (INVALID_ROLE_HOLDER, or a governance rule such as an office of
        // the wrong kind of organisation): each problem beside its role's field.
        const problems = (e.extra.problems ?? []) as { path: string; message: string }[];
        const placed = problems.filter((p) => words[p.path]);
        for (const p of placed) errors.add(words[p.path].id, sentence(p.message));
        if (placed.length === 0) errors.add('title', sentence(e.detail));
      }
      await this.render(res, staff, template, values, errors, 422);
    }
  }

  /** The form again with every problem of what was typed, the expired token first; nothing opened. */
  private async expired(
    res: Response,
    staff: SignedInStaff,
    id: string,
    body: Record<string, unknown>,
  ) {
    const template = findTemplate(id);
    if (!template) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const errors = new FormErrors(datesInWords);
    errors.add('title', FORM_EXPIRED);
    const { values } = readNewCase(template, body, errors);
    await this.render(res, staff, template, values, errors, 422);
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    template: WorkflowTemplate,
    values: { title?: string; dates?: Record<string, TypedDate>; roles?: Record<string, string> },
    errors = new FormErrors(datesInWords),
    status = 200,
  ) {
    // An office can fill a role only while someone holds it (the engine checks again on opening).
    const offices = await this.offices.list(scopeOf(staff), this.ds.manager, {
      on: londonDate(this.clock.now()),
      held: true,
      limit: 1000,
      offset: 0,
    });
    const delegations = await this.delegations.labels(scopeOf(staff), this.ds.manager);
    // A seat role (a body's chair or vice-chair, as its members say) is filled by naming the body.
    const bodies = Object.values(template.roles).some((r) => r.binding === 'seat')
      ? await this.bodies.names(scopeOf(staff), this.ds.manager)
      : [];
    const roles = Object.entries(template.roles)
      // A member named on the case (who presided) is named later, by the case's event.
      .filter(([, r]) => r.binding !== 'officers' && r.binding !== 'member')
      .map(([key, r]) => ({
        key,
        label: r.label,
        // A later seat role may be left out: it is the same body's (the engine's RoleBinder).
        hint: mayBeLeftOut(template, key) ? 'Leave this out for the same body as above' : '',
        errorMessage: errors.for(`roles-${key}`),
        items: [
          { value: '', text: mayBeLeftOut(template, key) ? 'The same body as above' : 'Choose…' },
          ...(r.binding === 'seat'
            ? bodies.map((b) => ({
                value: b.id,
                text: `The ${r.seat === 'vice_chair' ? 'vice-chair' : 'chair'} of the ${b.name}`,
                selected: values.roles?.[key] === b.id,
              }))
            : r.binding === 'office'
              ? offices.map((o) => ({
                  value: o.id,
                  text: o.holder ? `${o.title} (${o.holder.personName})` : o.title,
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
    const dates = Object.keys(template.dateFields ?? {}).map((key) => {
      const errorMessage = errors.for(`dates-${key}-day`);
      return {
        key,
        label: dateLabel(template, key),
        hint: `${dateHint(template, key)}. For example, 17 12 2026`,
        errorMessage,
        items: dateInputItems(
          `dates-${key}`,
          values.dates?.[key] ?? { day: '', month: '', year: '' },
          !!errorMessage,
        ),
      };
    });
    this.pages.html(
      res,
      'new-case.njk',
      {
        staff,
        template,
        roles,
        dates,
        title: values.title ?? '',
        titleError: errors.for('title'),
        errors: errors.items,
      },
      status,
    );
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** A use case's message as a sentence ("the meeting must not be in the past" → "The meeting…"). */
function sentence(message: string): string {
  const m = message.replace(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+: /, '').replace(/^give /, 'enter ');
  return m.charAt(0).toUpperCase() + m.slice(1);
}

/** A new case's fields as typed, each problem added to `errors` (all at once). */
function readNewCase(
  template: WorkflowTemplate,
  body: Record<string, unknown>,
  errors: FormErrors,
): {
  title: string;
  dates: Record<string, string>;
  roles: Record<string, string>;
  values: { title: string; dates: Record<string, TypedDate>; roles: Record<string, string> };
} {
  const title = formText(body, 'title');
  errors.required('title', title, 'Enter a title for the case');
  // Checked here as well as by the use case, so that it comes with every other error at once.
  if (title && title.length < CASE_TITLE_LENGTH.min)
    errors.add('title', `The title must be ${CASE_TITLE_LENGTH.min} characters or more`);
  if (title.length > CASE_TITLE_LENGTH.max)
    errors.add('title', `The title must be ${CASE_TITLE_LENGTH.max} characters or fewer`);
  const typedDates: Record<string, TypedDate> = {};
  const dates: Record<string, string> = {};
  for (const key of Object.keys(template.dateFields ?? {})) {
    const label = dateLabel(template, key);
    const d = readDateField(body, `dates-${key}`, `the ${lowerFirst(label)}`);
    typedDates[key] = d.typed;
    errors.date(`dates-${key}`, d, `Enter the ${lowerFirst(label)}`);
    if (d.iso) dates[key] = d.iso;
  }
  const roles: Record<string, string> = {};
  for (const [key, r] of Object.entries(template.roles)) {
    if (r.binding === 'officers' || r.binding === 'member') continue;
    const chosen = formText(body, `role.${key}`);
    if (chosen) roles[key] = chosen;
    else if (!mayBeLeftOut(template, key))
      errors.add(`roles-${key}`, `Select who acts as ${r.label}`);
  }
  return { title, dates, roles, values: { title, dates: typedDates, roles } };
}

/**
 * Whether the page may leave `role` out: a seat role after the template's first, which the engine
 * binds to the same body as the others (a vice-chair's seat follows the chair's body).
 */
function mayBeLeftOut(template: WorkflowTemplate, role: string): boolean {
  const seats = Object.keys(template.roles).filter((r) => template.roles[r].binding === 'seat');
  return seats.indexOf(role) > 0;
}
