import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CouncilSettingsUseCase,
  type SettingsChange,
} from '../../../libs/directory/council-settings.use-case';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import {
  defaultReferencePrefix,
  formatReference,
  referencePrefix,
} from '../../../libs/governance/case-reference.service';
import type { CouncilSettings } from '../../../libs/governance/council-settings.service';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { Clock } from '../../../libs/core/clock.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { whenInWords } from './forms/words.service';
import { PageRenderer } from './page-renderer.service';
import { formText, staffActor } from './staff-pages.service';
import { settingsForm } from './forms/settings-form.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';

const FIELD = 'referencePrefix';

/**
 * The prefix of the council's case references (docs/adr/0038), for administrators: what it is now
 * and what the next reference looks like, changed through the same use case as PUT /api/settings
 * (`caseReferences.prefix`), and the record of who changed it and when. /admin/settings offers the
 * same form; its refusals are shown here, with what was typed.
 */
@ApiExcludeController()
@Controller('admin/settings/case-references')
export class CaseReferenceSettingsController {
  constructor(
    private readonly settings: CouncilSettingsUseCase,
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
    await this.render(res, staff, { done: done === 'saved' });
  }

  @Post()
  @StaffForm<CaseReferenceSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.form(res, staff).expired(body),
  )
  save(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.form(res, staff).post(body);
  }

  /** The prefix as typed, saved upper-case through the council's settings. */
  form(res: Response, staff: SignedInStaff) {
    const at = `#${FIELD}`;
    return settingsForm({
      res,
      read: (body) => formText(body, FIELD),
      check: (typed) =>
        typed.trim()
          ? []
          : [{ text: 'Enter the prefix of the council’s case references', href: at }],
      save: (typed) =>
        this.settings.update(staffActor(staff), (current) => ({
          ...current,
          caseReferences: { ...current.caseReferences, prefix: typed.trim().toUpperCase() },
        })),
      refused: (e) =>
        e instanceof InvalidInputError
          ? {
              errors: [
                {
                  text: 'The prefix must be 2 to 10 letters or digits, starting with a letter, for example SCC',
                  href: at,
                },
              ],
            }
          : undefined,
      render: (typed, errors, status) => this.render(res, staff, { typed, errors }, status),
      done: '/admin/settings/case-references?done=saved',
    });
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    view: { typed?: string; errors?: { text: string; href: string }[]; done?: boolean },
    status = 200,
  ) {
    const [current, history] = await Promise.all([
      this.settings.read(staff.tenantId),
      this.settings.history(staff.tenantId),
    ]);
    const name = staff.council.name;
    const references = referencesInWords(current, name, this.clock.now());
    const errors = view.errors ?? [];
    this.pages.html(
      res,
      'admin-case-references.njk',
      {
        staff,
        errors,
        done: view.done,
        ...references,
        typed: view.typed ?? references.prefix,
        fieldError: errors.find((e) => e.href === `#${FIELD}`),
        history: history
          .filter(
            (c: SettingsChange) =>
              referencePrefix(c.before, name) !== referencePrefix(c.after, name),
          )
          .map((c) => ({
            when: whenInWords(c.at),
            by: c.by,
            from: referencePrefix(c.before, name),
            to: referencePrefix(c.after, name),
          })),
      },
      status,
    );
  }
}

/** The prefix in force, the 42nd reference of this year (London) with it, and the name's prefix. */
export function referencesInWords(
  settings: CouncilSettings,
  councilName: string,
  now: Date,
): { prefix: string; example: string; namePrefix: string } {
  const prefix = referencePrefix(settings, councilName);
  return {
    prefix,
    example: formatReference(prefix, Number(londonDate(now).slice(0, 4)), 42),
    namePrefix: defaultReferencePrefix(councilName),
  };
}
