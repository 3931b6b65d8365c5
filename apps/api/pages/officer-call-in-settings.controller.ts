import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CouncilSettingsUseCase,
  type SettingsChange,
} from '../../../libs/directory/council-settings.use-case';
import type { CouncilSettings } from '../../../libs/governance/council-settings.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { whenInWords } from './forms/words.service';
import { PageRenderer } from './page-renderer.service';
import { formText, staffActor } from './staff-pages.service';
import { settingsForm } from './forms/settings-form.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';

const FIELD = 'officerKeyDecisions';

/** The setting in words: absent means subject to call-in, as the executive's key decisions are. */
function inWords(s: CouncilSettings): string {
  return s.callIn.officerKeyDecisions === false ? 'Not subject to call-in' : 'Subject to call-in';
}

const answerOf = (s: CouncilSettings) => (s.callIn.officerKeyDecisions === false ? 'no' : 'yes');

/**
 * Whether key decisions that officers take under delegation are subject to call-in (the council's
 * scrutiny procedure rules decide; `callIn.officerKeyDecisions`), for administrators: the setting
 * explained in plain words, changed through the same use case as PUT /api/settings, and the
 * record of who changed it and when.
 */
@ApiExcludeController()
@Controller('admin/settings/officer-call-in')
export class OfficerCallInSettingsController {
  constructor(
    private readonly settings: CouncilSettingsUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('administrator')
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.render(res, staff, { done: done === 'saved' });
  }

  @Post()
  @StaffForm<OfficerCallInSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.form(res, staff).expired(body),
  )
  save(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.form(res, staff).post(body);
  }

  /** Yes or no, saved through the council's settings. */
  form(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: (body) => formText(body, FIELD),
      check: (answer) =>
        answer === 'yes' || answer === 'no'
          ? []
          : [
              {
                text: 'Select whether key decisions taken by officers can be called in',
                href: `#${FIELD}`,
              },
            ],
      save: (answer) =>
        this.settings.update(staffActor(staff), (current) => ({
          ...current,
          callIn: { ...current.callIn, officerKeyDecisions: answer === 'yes' },
        })),
      // A refused answer is not shown chosen again: the page shows the setting in force.
      render: (answer, errors, status) =>
        this.render(res, staff, { answer: status === 403 ? answer : undefined, errors }, status),
      done: '/admin/settings/officer-call-in?done=saved',
    });
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    view: { answer?: string; errors?: { text: string; href: string }[]; done?: boolean },
    status = 200,
  ) {
    const [current, history] = await Promise.all([
      this.settings.read(staff.tenantId),
      this.settings.history(staff.tenantId),
    ]);
    const errors = view.errors ?? [];
    this.pages.html(
      res,
      'admin-officer-call-in.njk',
      {
        staff,
        errors,
        done: view.done,
        current: inWords(current),
        answer: view.answer ?? answerOf(current),
        fieldError: errors.find((e) => e.href === `#${FIELD}`),
        history: history.filter(changesTheSetting).map((c) => ({
          when: whenInWords(c.at),
          by: c.by,
          from: inWords(c.before),
          to: inWords(c.after),
        })),
      },
      status,
    );
  }
}

/** A change of the council's settings that changed this one (others are the settings page's). */
function changesTheSetting(c: SettingsChange): boolean {
  return inWords(c.before) !== inWords(c.after);
}
