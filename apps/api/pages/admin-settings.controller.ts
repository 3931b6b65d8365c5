import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CouncilSettingsUseCase } from '../../../libs/directory/council-settings.use-case';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { callInSettingsSchema } from '../../../libs/governance/call-in.service';
import {
  councilSettingsSchema,
  type CouncilSettings,
} from '../../../libs/governance/council-settings.service';
import { dateInWords } from '../../../libs/notifications/email-message.service';
import { referencesInWords } from './case-reference-settings.controller';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { Clock } from '../../../libs/core/clock.service';
import { PageRenderer } from './page-renderer.service';
import { staffActor, formText } from './staff-pages.service';
import { settingsForm } from './forms/settings-form.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';

type ErrorItem = { text: string; href: string };

/** What the page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  rules: 'The rules are saved.',
  'closure-added': 'The closure day is added.',
  'closure-removed': 'The closure day is removed.',
};

const periodBounds = callInSettingsSchema.shape.periodWorkingDays.unwrap();
const yesNo = (v: unknown) => (v === 'yes' ? true : v === 'no' ? false : v);
const str = formText;

/**
 * The council's settings for the rules, for its administrators: the same use case as PUT
 * /api/settings validates and saves them, so the page and the API cannot disagree.
 */
@ApiExcludeController()
@Controller('admin/settings')
export class AdminSettingsController {
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
    const current = await this.settings.read(staff.tenantId);
    await this.render(res, staff, {
      done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
      rules: formOf(current),
    });
  }

  /** Clear days, interests and call-in, posted together; closure days have forms of their own. */
  @Post()
  @StaffForm<AdminSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.rulesForm(res, staff).expired(body),
  )
  saveRules(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.rulesForm(res, staff).post(body);
  }

  @Post('closures')
  @StaffForm<AdminSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.closureForm(res, staff).expired(body),
  )
  addClosure(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.closureForm(res, staff).post(body);
  }

  @Post('closures/remove')
  @StaffForm<AdminSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.removalForm(res, staff).expired(body),
  )
  removeClosure(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.removalForm(res, staff).post(body);
  }

  rulesForm(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: rulesForm,
      save: (rules) =>
        this.settings.update(staffActor(staff), (current) => ({
          ...current,
          calendar: {
            ...current.calendar,
            weekendsCountAsClearDays: yesNo(rules.weekendsCountAsClearDays),
          },
          interests: {
            ...current.interests,
            dpiMemberMustLeaveRoom: yesNo(rules.dpiMemberMustLeaveRoom),
          },
          // Only digits become a number; anything else goes as typed, so that the rules refuse it.
          callIn: {
            ...current.callIn,
            periodWorkingDays: /^\d{1,6}$/.test(rules.periodWorkingDays)
              ? Number(rules.periodWorkingDays)
              : rules.periodWorkingDays,
          },
        })),
      refused: (e) => refusedSettings(e, false),
      render: (rules, errors, status) => this.render(res, staff, { rules, errors }, status),
      done: '/admin/settings?done=rules',
    });
  }

  closureForm(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: closureForm,
      save: (closure) =>
        this.settings.update(staffActor(staff), (current) => ({
          ...current,
          calendar: {
            ...current.calendar,
            extraClosures: [
              ...current.calendar.extraClosures,
              { date: isoDateOf(closure), reason: closure.reason },
            ].sort((a, b) => a.date.localeCompare(b.date)),
          },
        })),
      refused: (e, closure) => refusedSettings(e, !closure.day && !closure.month && !closure.year),
      render: (closure, errors, status) => this.render(res, staff, { closure, errors }, status),
      done: '/admin/settings?done=closure-added',
    });
  }

  /** A closure day removed; one already gone (another administrator, a second click) is saved as it is. */
  removalForm(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: (body) => str(body, 'date'),
      save: (date) =>
        this.settings.update(staffActor(staff), (current) => ({
          ...current,
          calendar: {
            ...current.calendar,
            extraClosures: current.calendar.extraClosures.filter((c) => c.date !== date),
          },
        })),
      refused: (e) => refusedSettings(e, false),
      render: (_date, errors, status) => this.render(res, staff, { errors }, status),
      done: '/admin/settings?done=closure-removed',
    });
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    view: { rules?: RulesForm; closure?: ClosureForm; errors?: ErrorItem[]; done?: string },
    status = 200,
  ) {
    const current = await this.settings.read(staff.tenantId);
    const defaults = councilSettingsSchema.parse({});
    const errors = view.errors ?? [];
    const errorFor = (href: string) => {
      const e = errors.find((x) => x.href === href);
      return e ? { text: e.text } : undefined;
    };
    this.pages.html(
      res,
      'admin-settings.njk',
      {
        staff,
        done: view.done,
        errors,
        closures: current.calendar.extraClosures.map((c) => ({
          ...c,
          inWords: dateInWords(c.date),
        })),
        rules: view.rules ?? formOf(current),
        closure: view.closure ?? { day: '', month: '', year: '', reason: '' },
        references: referencesInWords(current, staff.council.name, this.clock.now()),
        defaults: {
          weekendsCountAsClearDays: defaults.calendar.weekendsCountAsClearDays ? 'yes' : 'no',
          dpiMemberMustLeaveRoom: defaults.interests.dpiMemberMustLeaveRoom ? 'yes' : 'no',
          periodWorkingDays: defaults.callIn.periodWorkingDays,
        },
        period: { min: periodBounds.minValue, max: periodBounds.maxValue },
        fieldErrors: {
          weekendsCountAsClearDays: errorFor('#weekendsCountAsClearDays'),
          dpiMemberMustLeaveRoom: errorFor('#dpiMemberMustLeaveRoom'),
          periodWorkingDays: errorFor('#periodWorkingDays'),
          closureDate: errorFor('#closureDate-day'),
          closureReason: errorFor('#closureReason'),
        },
      },
      status,
    );
  }
}

interface RulesForm {
  weekendsCountAsClearDays: string;
  dpiMemberMustLeaveRoom: string;
  periodWorkingDays: string;
}

interface ClosureForm {
  day: string;
  month: string;
  year: string;
  reason: string;
}

/** The rules as typed. */
function rulesForm(body: Record<string, unknown>): RulesForm {
  return {
    weekendsCountAsClearDays: str(body, 'weekendsCountAsClearDays'),
    dpiMemberMustLeaveRoom: str(body, 'dpiMemberMustLeaveRoom'),
    periodWorkingDays: str(body, 'periodWorkingDays'),
  };
}

/** A closure day as typed. */
function closureForm(body: Record<string, unknown>): ClosureForm {
  return {
    day: str(body, 'closureDate-day'),
    month: str(body, 'closureDate-month'),
    year: str(body, 'closureDate-year'),
    reason: str(body, 'closureReason'),
  };
}

function formOf(s: CouncilSettings): RulesForm {
  return {
    weekendsCountAsClearDays: s.calendar.weekendsCountAsClearDays ? 'yes' : 'no',
    dpiMemberMustLeaveRoom: s.interests.dpiMemberMustLeaveRoom ? 'yes' : 'no',
    periodWorkingDays: String(s.callIn.periodWorkingDays),
  };
}

/** Day, month and year as YYYY-MM-DD; what is not a number stays as typed for the rules to refuse. */
function isoDateOf(c: ClosureForm): string {
  if (/^\d{1,2}$/.test(c.day) && /^\d{1,2}$/.test(c.month) && /^\d{4}$/.test(c.year))
    return `${c.year}-${c.month.padStart(2, '0')}-${c.day.padStart(2, '0')}`;
  return `${c.year}-${c.month}-${c.day}`;
}

/** The council's settings refused, each problem at its field once (undefined: not a refusal). */
function refusedSettings(e: unknown, blankDate: boolean) {
  if (!(e instanceof InvalidInputError)) return undefined;
  const errors = e.problems.map((p) => fieldError(p, blankDate));
  return { errors: errors.filter((x, i) => errors.findIndex((y) => y.href === x.href) === i) };
}

/** A problem the rules found, in the words of the field it belongs to (GOV.UK error messages). */
function fieldError(
  { path, message }: { path: string; message: string },
  blankDate: boolean,
): ErrorItem {
  if (
    /^calendar\.extraClosures\.\d+\.date$/.test(path) &&
    message.includes('already a closure day')
  )
    return { text: message, href: '#closureDate-day' };
  if (/^calendar\.extraClosures\.\d+\.date$/.test(path))
    return {
      text: blankDate
        ? 'Enter the date of the closure day'
        : 'The date of the closure day must be a real date, for example 29 12 2025',
      href: '#closureDate-day',
    };
  if (/^calendar\.extraClosures\.\d+\.reason$/.test(path))
    return { text: 'Enter why the council is closed that day', href: '#closureReason' };
  if (path === 'calendar.weekendsCountAsClearDays')
    return {
      text: 'Select whether weekends count as clear days',
      href: '#weekendsCountAsClearDays',
    };
  if (path === 'interests.dpiMemberMustLeaveRoom')
    return {
      text: 'Select whether a member with a disclosable pecuniary interest must leave the room',
      href: '#dpiMemberMustLeaveRoom',
    };
  if (path === 'callIn.periodWorkingDays')
    return {
      text: `Enter a call-in period from ${periodBounds.minValue} to ${periodBounds.maxValue} working days, as a whole number`,
      href: '#periodWorkingDays',
    };
  return { text: `The settings could not be saved (${path})`, href: '#main-content' };
}
