import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, InvalidInputError } from '../../../libs/errors/domain.errors';
import { dateInWords } from '../../../libs/notifications/email-message.service';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import type { StaffRole } from '../../../libs/staff/staff-account.entity';
import { MIN_PASSWORD_LENGTH, STAFF_ROLES } from '../../../libs/staff/staff-account-input.schema';
import { ChangeStaffRoleUseCase } from '../../../libs/staff/use-cases/change-staff-role.use-case';
import { CreateStaffAccountUseCase } from '../../../libs/staff/use-cases/create-staff-account.use-case';
import { ListStaffAccountsUseCase } from '../../../libs/staff/use-cases/list-staff-accounts.use-case';
import { SetStaffAccountDisabledUseCase } from '../../../libs/staff/use-cases/set-staff-account-disabled.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, staffActor, formText } from './staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';
import { httpStatusOf } from '../http/problem.filter';
import { refusalDetail } from '../http/refusal.presenter';

type ErrorItem = { text: string; href: string };

const ROLE_WORDS: Record<StaffRole, { text: string; hint: string }> = {
  officer: { text: 'Officer', hint: 'Opens and runs cases, records steps, chases people.' },
  governance_lead: {
    text: 'Governance lead',
    hint: 'Reads every case, verifies the records and downloads the register; changes nothing.',
  },
  administrator: {
    text: 'Administrator',
    hint: 'Keeps the council settings and the staff accounts and sees every page; records steps only if the directory lists them as a democratic services officer.',
  },
};

/** What the page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  created: 'The account is created. The person can sign in now.',
  role: 'The role is changed.',
  disabled: 'The account is disabled and its sessions are ended.',
  enabled: 'The account is enabled. The person can sign in again.',
};

const str = formText;
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The council's staff accounts, for its administrators; the decisions are its use cases' (libs/staff/use-cases). */
@ApiExcludeController()
@Controller('admin/staff')
export class AdminStaffController {
  constructor(
    private readonly listing: ListStaffAccountsUseCase,
    private readonly creating: CreateStaffAccountUseCase,
    private readonly roles: ChangeStaffRoleUseCase,
    private readonly disabling: SetStaffAccountDisabledUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('administrator')
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.render(res, staff, {
      done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    });
  }

  @Post()
  @StaffForm<AdminStaffController>(['administrator'], (c, { res, staff, body }) =>
    c.expired(res, staff, { personId: str(body, 'personId'), role: str(body, 'role') }),
  )
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const form = { personId: str(body, 'personId'), role: str(body, 'role') };
    // The password is taken as typed: spaces may be part of it.
    const password = typeof body.password === 'string' ? body.password : '';
    try {
      await this.creating.create(
        { personId: form.personId, role: form.role, password },
        staffActor(staff),
      );
    } catch (e) {
      const errors = this.errorsOf(e, {
        personId: '#personId',
        role: '#role',
        password: '#password',
      });
      return this.render(res, staff, { form, errors }, statusOf(e));
    }
    res.redirect(303, '/admin/staff?done=created');
  }

  @Post(':id/role')
  @StaffForm<AdminStaffController>(['administrator'], (c, { res, staff }) => c.expired(res, staff))
  async changeRole(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      await this.roles.change(id, str(body, 'role'), staffActor(staff));
    } catch (e) {
      const errors = this.errorsOf(e, {}, `#role-${id}`);
      return this.render(res, staff, { errors }, statusOf(e));
    }
    res.redirect(303, '/admin/staff?done=role');
  }

  @Post(':id/disable')
  @StaffForm<AdminStaffController>(['administrator'], (c, { res, staff }) => c.expired(res, staff))
  async disable(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.setDisabled(id, true, staff, res);
  }

  @Post(':id/enable')
  @StaffForm<AdminStaffController>(['administrator'], (c, { res, staff }) => c.expired(res, staff))
  async enable(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.setDisabled(id, false, staff, res);
  }

  private async setDisabled(id: string, disabled: boolean, staff: SignedInStaff, res: Response) {
    try {
      await this.disabling.set(id, disabled, staffActor(staff));
    } catch (e) {
      const errors = this.errorsOf(e, {}, `#status-${id}`);
      return this.render(res, staff, { errors }, statusOf(e));
    }
    res.redirect(303, `/admin/staff?done=${disabled ? 'disabled' : 'enabled'}`);
  }

  /** A refusal's problems, each linked to its field; a refusal without problems links to `fallback`. */
  private errorsOf(
    e: unknown,
    fields: Record<string, string>,
    fallback = '#main-content',
  ): ErrorItem[] {
    if (!(e instanceof DomainError)) throw e;
    const problems = e instanceof InvalidInputError ? e.problems : [];
    const errors = problems.map((p) => ({
      text: sentence(p.message),
      href: fields[p.path] ?? fallback,
    }));
    // A rule's refusal in the one shape every page gives it (http/refusal.presenter.ts).
    return errors.length ? errors : [{ text: refusalDetail(e), href: fallback }];
  }

  private expired(res: Response, staff: SignedInStaff, form?: { personId: string; role: string }) {
    return this.render(
      res,
      staff,
      {
        form,
        errors: [{ text: FORM_EXPIRED, href: '#main-content' }],
      },
      403,
    );
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    view: { form?: { personId: string; role: string }; errors?: ErrorItem[]; done?: string },
    status = 200,
  ) {
    const { accounts, peopleWithoutAccount } = await this.listing.list(staff.tenantId);
    const errors = view.errors ?? [];
    const errorFor = (href: string) => {
      const found = errors.filter((x) => x.href === href);
      return found.length ? { text: found.map((x) => x.text).join('. ') } : undefined;
    };
    const form = view.form ?? { personId: '', role: '' };
    this.pages.html(
      res,
      'admin-staff.njk',
      {
        staff,
        done: view.done,
        errors,
        minPasswordLength: MIN_PASSWORD_LENGTH,
        accounts: accounts.map((a) => ({
          ...a,
          self: a.personId === staff.person.id,
          roleWords: ROLE_WORDS[a.role]?.text ?? a.role,
          created: dateInWords(londonDate(a.createdAt)),
          disabled: a.disabledAt ? dateInWords(londonDate(a.disabledAt)) : null,
          roleItems: STAFF_ROLES.map((r) => ({
            value: r,
            text: ROLE_WORDS[r].text,
            selected: r === a.role,
          })),
          roleError: errorFor(`#role-${a.id}`),
          statusError: errorFor(`#status-${a.id}`),
        })),
        people: [
          { value: '', text: 'Choose a person' },
          ...peopleWithoutAccount.map((p) => ({
            value: p.id,
            text: `${p.name} (${p.email})`,
            selected: p.id === form.personId,
          })),
        ],
        anyoneWithoutAccount: peopleWithoutAccount.length > 0,
        roles: STAFF_ROLES.map((r) => ({
          value: r,
          text: ROLE_WORDS[r].text,
          hint: { text: ROLE_WORDS[r].hint },
          checked: r === form.role,
        })),
        fieldErrors: {
          personId: errorFor('#personId'),
          role: errorFor('#role'),
          password: errorFor('#password'),
        },
      },
      status,
    );
  }
}

function statusOf(e: unknown): number {
  return e instanceof DomainError ? httpStatusOf(e) : 500;
}
