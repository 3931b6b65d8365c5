import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  type HoldingRole,
  PersonalDataHoldUseCase,
} from '../../../../libs/documents/personal-data-hold.use-case';
import {
  CaseNotFoundError,
  GovernanceRuleError,
  InvalidInputError,
} from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { refusalSentence } from '../../http/refusal.presenter';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from '../staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { timeInWords } from './document-words.service';

type ErrorItem = { text: string; href: string };

/** What the page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  held: 'The personal data of the case is held. Retention will not dispose of it until the hold is released.',
  released: 'The hold is released. The personal data of the case is disposed of when it falls due.',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * /admin/retention/holds: legal holds on cases' personal data (docs/adr/0020), for administrators
 * and governance leads. The holds in force (case, why, who, when), a case held with a reason, a
 * hold released with one; each also recorded on the case's audit chain by the use case.
 */
@ApiExcludeController()
@Controller('admin/retention/holds')
export class PersonalDataHoldsController {
  constructor(
    private readonly holds: PersonalDataHoldUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('governance_lead')
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.renderList(res, staff, {
      done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    });
  }

  @Post()
  @StaffForm<PersonalDataHoldsController>(['governance_lead'], (c, { res, staff, body }) =>
    c.renderList(
      res,
      staff,
      { values: valuesOf(body), errors: [{ text: FORM_EXPIRED, href: '#caseId' }] },
      403,
    ),
  )
  async place(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const values = valuesOf(body);
    if (!UUID.test(values.caseId))
      return this.renderList(
        res,
        staff,
        {
          values,
          errors: [{ text: 'Choose the case whose personal data to hold', href: '#caseId' }],
        },
        422,
      );
    try {
      await this.holds.place(
        staff.tenantId,
        values.caseId,
        values.reason,
        staffActor(staff),
        roleOf(staff),
      );
    } catch (e) {
      const errors = refusal(e, '#caseId');
      if (!errors) throw e;
      return this.renderList(res, staff, { values, errors }, 422);
    }
    res.redirect(303, '/admin/retention/holds?done=held');
  }

  @Get(':caseId/release')
  @StaffPage('governance_lead')
  async releaseForm(
    @Param('caseId') caseId: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.renderRelease(res, staff, caseId, { reason: '', errors: [] });
  }

  @Post(':caseId/release')
  @StaffForm<PersonalDataHoldsController>(['governance_lead'], (c, { res, staff, body, params }) =>
    c.renderRelease(
      res,
      staff,
      params.caseId,
      { reason: formText(body, 'reason'), errors: [{ text: FORM_EXPIRED, href: '#reason' }] },
      403,
    ),
  )
  async release(
    @Param('caseId') caseId: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const reason = formText(body, 'reason');
    if (!UUID.test(caseId)) return this.notHeld(res, staff);
    try {
      await this.holds.release(staff.tenantId, caseId, reason, staffActor(staff), roleOf(staff));
    } catch (e) {
      const errors = refusal(e, '#reason');
      if (!errors) throw e;
      return this.renderRelease(res, staff, caseId, { reason, errors }, 422);
    }
    res.redirect(303, '/admin/retention/holds?done=released');
  }

  async renderList(
    res: Response,
    staff: SignedInStaff,
    view: { values?: { caseId: string; reason: string }; errors?: ErrorItem[]; done?: string },
    status = 200,
  ) {
    const errors = view.errors ?? [];
    const values = view.values ?? { caseId: '', reason: '' };
    const errorFor = (path: string) => {
      const e = errors.find((x) => x.href === `#${path}`);
      return e ? { text: e.text } : undefined;
    };
    const held = await this.holds.inForce(staff.tenantId);
    const holdable = await this.holds.holdable(staff.tenantId);
    this.pages.html(
      res,
      'documents/personal-data-holds.njk',
      {
        staff,
        done: view.done,
        errors,
        values,
        held: held.map((h) => ({
          caseTitle: h.caseTitle,
          caseHref: `/cases/${h.caseId}`,
          reason: h.reason,
          by: h.heldBy.name,
          at: timeInWords(h.heldAt),
          releaseHref: `/admin/retention/holds/${h.caseId}/release`,
        })),
        cases: [
          { value: '', text: 'Choose a case' },
          ...holdable.map((c) => ({
            value: c.id,
            text: c.closedAt
              ? `${c.title} (closed ${timeInWords(c.closedAt)})`
              : `${c.title} (open)`,
            selected: c.id === values.caseId,
          })),
        ],
        fieldErrors: { caseId: errorFor('caseId'), reason: errorFor('reason') },
      },
      status,
    );
  }

  async renderRelease(
    res: Response,
    staff: SignedInStaff,
    caseId: string,
    view: { reason: string; errors: ErrorItem[] },
    status = 200,
  ) {
    const hold = UUID.test(caseId) ? await this.holds.of(staff.tenantId, caseId) : null;
    if (!hold) return this.notHeld(res, staff);
    this.pages.html(
      res,
      'documents/personal-data-hold-release.njk',
      {
        staff,
        errors: view.errors,
        reason: view.reason,
        hold: {
          caseTitle: hold.caseTitle,
          reason: hold.reason,
          by: hold.heldBy.name,
          at: timeInWords(hold.heldAt),
        },
        action: `/admin/retention/holds/${caseId}/release`,
        reasonError: view.errors.find((e) => e.href === '#reason')
          ? { text: view.errors.find((e) => e.href === '#reason')!.text }
          : undefined,
      },
      status,
    );
  }

  private notHeld(res: Response, staff: SignedInStaff) {
    this.pages.html(
      res,
      'problem.njk',
      {
        staff,
        heading: 'No hold to release',
        detail:
          'The personal data of this case is not held. The holds in force are listed under Retention, Legal holds.',
      },
      404,
    );
  }
}

function valuesOf(body: Record<string, unknown>) {
  return { caseId: formText(body, 'caseId'), reason: formText(body, 'reason') };
}

function roleOf(staff: SignedInStaff): HoldingRole {
  return staff.role === 'administrator' ? 'administrator' : 'governance_lead';
}

/** A refusal the form shows in its error summary, or null for anything else. */
function refusal(e: unknown, href: string): ErrorItem[] | null {
  if (e instanceof InvalidInputError)
    return e.problems.map((p) => ({ text: p.message, href: `#${p.path}` }));
  // A rule's refusal in the one shape every page gives it (http/refusal.presenter.ts).
  if (e instanceof GovernanceRuleError) return [{ text: refusalSentence(e), href }];
  if (e instanceof CaseNotFoundError)
    return [{ text: 'Choose the case whose personal data to hold', href: '#caseId' }];
  return null;
}
