import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ForwardPlanService } from '../../../libs/forward-plan/forward-plan.service';
import { PublishForwardPlanUseCase } from '../../../libs/forward-plan/publish-forward-plan.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import {
  dateInputItems,
  readDateField,
  typedDateOf,
  type TypedDate,
} from '../pages/forms/date-field.service';
import { FormErrors } from '../pages/forms/form-errors.service';
import { addRefusal } from '../pages/forms/refusal-errors.service';
import { datesInWords, dayInWords } from '../pages/forms/words.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from '../pages/staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from '../pages/staff-page.guard';
import { draftRow, editionRow, editionWaitsInWords, listingRow } from './forward-plan.presenter';

const FIELD = 'publishedOn';
const LABEL = 'the date the plan is published';

/** Where the use case's refusals go on the page: every rule on the date is about its day box. */
const PLACES = {
  subject: 'forward plan',
  rules: {
    RECORDED_DATE_IN_THE_FUTURE: `${FIELD}-day`,
    RECORDED_DATE_BEFORE_ITS_STEP: `${FIELD}-day`,
  },
};
const WORDS = { publishedOn: { id: `${FIELD}-day` } };

/**
 * The forward plan for democratic services (officers): the draft the open cases generate, the
 * publication of an edition (the date in a GOV.UK date input, then a check of what it will list,
 * then confirmation) and the editions published. The same use case as POST
 * /api/forward-plan/editions decides, so the page and the API refuse the same dates.
 */
@ApiExcludeController()
@Controller('forward-plan')
export class ForwardPlanStaffController {
  constructor(
    private readonly plan: ForwardPlanService,
    private readonly publisher: PublishForwardPlanUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('officer')
  async show(
    @Query() query: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    // "Change" on the check page comes back here with the date as typed.
    const typed = readDateField(query ?? {}, FIELD, LABEL).typed;
    await this.render(res, staff, {
      typed,
      done: query?.done === 'published',
    });
  }

  /** The date read and checked by the rules; the check page lists what the edition will hold. */
  @Post('check')
  @StaffForm<ForwardPlanStaffController>(['officer'], (c, { res, staff, body }) =>
    c.render(res, staff, { typed: readDateField(body, FIELD, LABEL).typed, expired: true }, 403),
  )
  async check(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const field = readDateField(body, FIELD, LABEL);
    const errors = new FormErrors(datesInWords).date(
      FIELD,
      field,
      'Enter the date the plan is published',
    );
    if (errors.any) return this.render(res, staff, { typed: field.typed, errors }, 422);
    try {
      const checked = await this.publisher.check(staffActor(staff), { publishedOn: field.iso });
      const fresh = checked.entries.filter((e) => e.firstPublishedOn === null).length;
      this.pages.html(res, 'forward-plan-check.njk', {
        staff,
        publishedOn: checked.publishedOn,
        publishedOnInWords: dayInWords(checked.publishedOn),
        change: `/forward-plan?${new URLSearchParams({
          [`${FIELD}-day`]: field.typed.day,
          [`${FIELD}-month`]: field.typed.month,
          [`${FIELD}-year`]: field.typed.year,
        }).toString()}#${FIELD}-day`,
        rows: checked.entries.map((l) => listingRow(l, null)),
        fresh,
      });
    } catch (e) {
      const status = addRefusal(errors, e, WORDS, PLACES);
      return this.render(res, staff, { typed: field.typed, errors }, status);
    }
  }

  /** Confirmed: the edition is published (all or nothing), and the page says so. */
  @Post('publish')
  @StaffForm<ForwardPlanStaffController>(['officer'], (c, { res, staff, body }) =>
    c.render(res, staff, { typed: typedDateOf(formText(body, FIELD)), expired: true }, 403),
  )
  async publish(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const publishedOn = formText(body, FIELD);
    const typed = typedDateOf(publishedOn);
    const errors = new FormErrors(datesInWords);
    try {
      await this.publisher.publish(staffActor(staff), { publishedOn });
    } catch (e) {
      const status = addRefusal(errors, e, WORDS, PLACES);
      return this.render(res, staff, { typed, errors }, status);
    }
    res.redirect(303, '/forward-plan?done=published');
  }

  /** The forward plan page: the date as typed, its errors (or the expired form), what was done. */
  async render(
    res: Response,
    staff: SignedInStaff,
    view: { typed: TypedDate; errors?: FormErrors; expired?: boolean; done?: boolean },
    status = 200,
  ) {
    const errors = view.expired
      ? [{ text: FORM_EXPIRED, href: '#main-content' }]
      : (view.errors?.items ?? []);
    const [tenant, draft, editions] = await Promise.all([
      this.plan.tenantOf(staff.tenantId),
      this.plan.draft(staff.tenantId),
      this.plan.editions(staff.tenantId),
    ]);
    const latest = editions[0] ?? null;
    this.pages.html(
      res,
      'forward-plan-staff.njk',
      {
        staff,
        slug: tenant?.slug,
        errors,
        done: view.done ? latest && editionRow(latest) : null,
        draft: draft.map(draftRow),
        waits: editionWaitsInWords(draft),
        editions: editions.map(editionRow),
        dateItems: dateInputItems(
          FIELD,
          view.typed,
          errors.some((e) => e.href === `#${FIELD}-day`),
        ),
        dateError: view.errors?.for(`${FIELD}-day`),
      },
      status,
    );
  }
}
