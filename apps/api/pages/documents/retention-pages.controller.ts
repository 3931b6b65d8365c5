import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sizeInWords } from '../../../../libs/documents/document-settings.service';
import { DocumentRetentionUseCase } from '../../../../libs/documents/document-retention.use-case';
import { PersonalDataRetentionUseCase } from '../../../../libs/documents/personal-data-retention.use-case';
import {
  RetentionScheduleRepository,
  type RetentionChange,
} from '../../../../libs/documents/retention-schedule.repository';
import { RECORD_KINDS, STATUTORY_RETENTION } from '../../../../libs/documents/retention-schedule';
import { Clock } from '../../../../libs/core/clock.service';
import { InvalidInputError } from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from '../staff-pages.service';
import { settingsForm } from '../forms/settings-form.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { KIND_WORDS, PERSONAL_DATA_WORDS, timeInWords } from './document-words.service';
import { scopeOf } from '../../../../libs/core/tenant-scope';

/** What a page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  schedule: 'The retention period is saved.',
  disposed:
    'The content of the confirmed documents and the confirmed personal data are disposed of. Their records stay.',
};

type ErrorItem = { text: string; href: string };

/**
 * The council's retention schedule and disposals, for its administrators: the schedule per kind
 * (the statute's default and source, or the council's own period with who set it and why), the
 * documents now due, and their disposal only after the administrator has seen what will go and
 * confirmed it (the GOV.UK check answers pattern). Nothing is ever disposed of without that.
 */
@ApiExcludeController()
@Controller('admin/retention')
export class RetentionPagesController {
  constructor(
    private readonly schedule: RetentionScheduleRepository,
    private readonly retention: DocumentRetentionUseCase,
    private readonly personalData: PersonalDataRetentionUseCase,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('administrator')
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.renderSchedule(res, staff, { done: doneWords(done) });
  }

  @Post()
  @StaffForm<RetentionPagesController>(['administrator'], (c, { res, staff, body }) =>
    c.scheduleForm(res, staff).expired(body),
  )
  change(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.scheduleForm(res, staff).post(body);
  }

  /** How long a kind of document is kept: the schedule's repository refuses what is not a rule. */
  scheduleForm(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: changeOf,
      save: (values) =>
        this.schedule.set(scopeOf(staff), values, {
          personId: staff.person.id,
          at: this.clock.now(),
        }),
      refused: (e) =>
        e instanceof InvalidInputError
          ? { errors: e.problems.map((p) => ({ text: p.message, href: `#${p.path}` })) }
          : undefined,
      render: (values, errors, status) =>
        this.renderSchedule(res, staff, { values, errors }, status),
      done: '/admin/retention?done=schedule',
      expiredAt: '#kind',
    });
  }

  /** What is due now: nothing goes from here, the button leads to the check of what will go. */
  @Get('due')
  @StaffPage('administrator')
  async due(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    this.pages.html(res, 'documents/retention-due.njk', {
      staff,
      done: doneWords(done),
      ...(await this.dueNow(staff.tenantId)),
    });
  }

  /** Check answers: every document that will go, what stays, and the one button that confirms. */
  @Get('dispose')
  @StaffPage('administrator')
  async check(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.renderCheck(res, staff, []);
  }

  @Post('dispose')
  @StaffForm<RetentionPagesController>(['administrator'], (c, { res, staff }) =>
    c.renderCheck(res, staff, [{ text: FORM_EXPIRED, href: '#confirm' }], 403),
  )
  async dispose(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const listed = (raw: unknown, shape: RegExp) =>
      (Array.isArray(raw) ? raw : [raw]).filter(
        (v): v is string => typeof v === 'string' && shape.test(v),
      );
    const ids = listed(body.documentId, /^[0-9a-f-]{36}$/i);
    const keys = listed(body.personalData, /^[0-9a-f-]{36}:[a-zA-Z]{1,40}$/);
    if (ids.length + keys.length === 0)
      return this.renderCheck(
        res,
        staff,
        [
          {
            text: 'There is nothing to dispose of: the list has changed, check it again',
            href: '#confirm',
          },
        ],
        422,
      );
    await this.retention.dispose(staff.tenantId, ids, staffActor(staff));
    await this.personalData.dispose(staff.tenantId, keys, staffActor(staff));
    res.redirect(303, '/admin/retention/due?done=disposed');
  }

  /** The check of what will go, with the refusal's errors. */
  async renderCheck(res: Response, staff: SignedInStaff, errors: ErrorItem[], status = 200) {
    const due = await this.dueNow(staff.tenantId);
    this.pages.html(res, 'documents/retention-confirm.njk', { staff, errors, ...due }, status);
  }

  /** The documents and the cases' personal data due now in the administrator's council. */
  private async dueNow(tenantId: string) {
    return {
      documents: (await this.retention.due(tenantId)).map(dueWords),
      personalData: (await this.personalData.due(tenantId)).map((d) => ({
        key: d.key,
        caseTitle: d.caseTitle,
        caseHref: `/cases/${d.caseId}`,
        kind: PERSONAL_DATA_WORDS[d.kind],
        items: d.items === 1 ? '1 record' : `${d.items} records`,
        closed: timeInWords(d.closedAt),
        kept: `${yearsInWords(d.keepYears)} after the case closed`,
        rule: d.rule,
      })),
    };
  }

  /** The schedule, with a change as typed and its errors. */
  async renderSchedule(
    res: Response,
    staff: SignedInStaff,
    view: { values?: RetentionChange; errors?: ErrorItem[]; done?: string },
    status = 200,
  ) {
    const schedule = await this.schedule.current(scopeOf(staff));
    const errors = view.errors ?? [];
    const errorFor = (path: string) => {
      const e = errors.find((x) => x.href === `#${path}`);
      return e ? { text: e.text } : undefined;
    };
    const values = view.values ?? { kind: '', keepYears: '', reason: '' };
    this.pages.html(
      res,
      'documents/retention-schedule.njk',
      {
        staff,
        done: view.done,
        errors,
        values,
        rules: RECORD_KINDS.map((k) => ({
          kind: KIND_WORDS[k] ?? PERSONAL_DATA_WORDS[k],
          years: yearsInWords(schedule[k].keepYears),
          source: schedule[k].source,
          setBy: schedule[k].setBy
            ? `${schedule[k].setBy.name}, ${timeInWords(schedule[k].setBy.at)}`
            : 'The law (the default)',
          statutory: `${yearsInWords(STATUTORY_RETENTION[k].keepYears)}: ${STATUTORY_RETENTION[k].source}`,
        })),
        kinds: RECORD_KINDS.map((k) => ({
          value: k,
          text: KIND_WORDS[k] ?? PERSONAL_DATA_WORDS[k],
          hint: { text: `At least ${yearsInWords(STATUTORY_RETENTION[k].minYears)}` },
          checked: values.kind === k,
        })),
        fieldErrors: {
          kind: errorFor('kind'),
          keepYears: errorFor('keepYears'),
          reason: errorFor('reason'),
        },
      },
      status,
    );
  }
}

/** A change to the schedule as posted. */
function changeOf(body: Record<string, unknown>): RetentionChange {
  return {
    kind: formText(body, 'kind'),
    keepYears: formText(body, 'keepYears'),
    reason: formText(body, 'reason'),
  };
}

function yearsInWords(n: number): string {
  return n === 1 ? '1 year' : `${n} years`;
}

function doneWords(done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
}

function dueWords(d: Awaited<ReturnType<DocumentRetentionUseCase['due']>>[number]) {
  return {
    id: d.id,
    caseTitle: d.caseTitle,
    caseHref: `/cases/${d.caseId}/documents`,
    name: d.name,
    kind: KIND_WORDS[d.kind],
    version: d.version,
    size: sizeInWords(d.sizeBytes),
    sha256: d.sha256,
    closed: timeInWords(d.closedAt),
    kept: `${yearsInWords(d.keepYears)} after the case closed`,
    rule: d.rule,
  };
}
