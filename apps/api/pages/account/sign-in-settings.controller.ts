import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, InvalidInputError } from '../../../../libs/errors/domain.errors';
import {
  IdentityProvidersUseCase,
  LOCAL_PASSWORD_CHOICES,
} from '../../../../libs/staff/identity-providers.use-case';
import { OidcSignInUseCase } from '../../../../libs/staff/oidc-sign-in.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { httpStatusOf } from '../../http/problem.filter';
import { refusalDetail } from '../../http/refusal.presenter';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, formText } from '../staff-pages.service';
import { settingsForm } from '../forms/settings-form.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { PASSWORDS_IN_WORDS, signInChangeRows } from './sign-in-changes.presenter';

type ErrorItem = { text: string; href: string };

const PASSWORD_WORDS: Record<
  (typeof LOCAL_PASSWORD_CHOICES)[number],
  { text: string; hint: string }
> = {
  everyone: {
    text: PASSWORDS_IN_WORDS.everyone,
    hint: 'Staff choose: their organisation’s sign-in or a Ratify password.',
  },
  administrators: {
    text: PASSWORDS_IN_WORDS.administrators,
    hint: 'Everyone else signs in through their organisation. Administrators keep a password to mend the connection if it breaks.',
  },
  nobody: {
    text: PASSWORDS_IN_WORDS.nobody,
    hint: 'Everyone signs in through their organisation. If its sign-in breaks, nobody can sign in to change this.',
  },
};

const DONE: Record<string, string> = {
  provider: 'The sign-in is saved. Staff of the organisation can use it from now on.',
  passwords: 'Who may sign in with a password is saved.',
};

const FIELDS = [
  'name',
  'issuer',
  'clientId',
  'clientSecretSetting',
  'emailDomains',
  'verifiedEmailClaim',
  'enabled',
] as const;

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * /admin/sign-in: an administrator connects each organisation of the council to its own identity
 * provider (OpenID Connect, e.g. Microsoft Entra ID) and decides who may still use a password.
 */
@ApiExcludeController()
@Controller('admin/sign-in')
export class SignInSettingsController {
  constructor(
    private readonly providers: IdentityProvidersUseCase,
    private readonly oidc: OidcSignInUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('administrator')
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const doneText = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
    await this.overview(res, staff, { done: doneText });
  }

  @Post('passwords')
  @StaffForm<SignInSettingsController>(['administrator'], (c, { res, staff, body }) =>
    c.passwordsForm(res, staff).expired(body),
  )
  passwords(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.passwordsForm(res, staff).post(body);
  }

  /** Who may sign in with a Ratify password: the use case decides what it accepts. */
  passwordsForm(res: Response, staff: SignedInStaff) {
    return settingsForm({
      res,
      read: (body) => formText(body, 'localPasswords'),
      save: (choice) => this.providers.setLocalPasswords(choice, actorOf(staff)),
      refused: (e) => ({
        errors: errorsOf(e, '#localPasswords'),
        status: httpStatusOf(e as DomainError),
      }),
      render: (choice, errors, status) => this.overview(res, staff, { choice, errors }, status),
      done: '/admin/sign-in?done=passwords',
      expiredAt: '#localPasswords',
    });
  }

  /** The sign-in settings: providers, who may use a password, what changed. */
  async overview(
    res: Response,
    staff: SignedInStaff,
    o: { done?: string; choice?: string; errors?: ErrorItem[] },
    status = 200,
  ) {
    const view = await this.providers.read(staff.tenantId);
    const history = signInChangeRows(await this.providers.history(staff.tenantId));
    const byOrg = new Map(view.providers.map((p) => [p.organisationId, p]));
    const errors = o.errors ?? [];
    this.pages.html(
      res,
      'account/sign-in-settings.njk',
      {
        staff,
        done: o.done,
        errors,
        redirectUri: this.oidc.redirectUri(),
        history,
        organisations: view.organisations.map((org) => {
          const p = byOrg.get(org.id);
          return {
            id: org.id,
            name: org.name,
            provider: p && {
              ...p,
              emailDomains: p.emailDomains.join(', '),
              secretSet: Boolean(process.env[p.clientSecretSetting]),
            },
          };
        }),
        ...this.passwordForm(o.choice ?? view.localPasswords, errors[0]?.text),
      },
      status,
    );
  }

  @Get('organisations/:id')
  @StaffPage('administrator')
  async editForm(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.providers.read(staff.tenantId);
    const org = view.organisations.find((o) => o.id === id);
    if (!org) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const p = view.providers.find((x) => x.organisationId === id);
    const form: Record<string, string> = p
      ? {
          name: p.name,
          issuer: p.issuer,
          clientId: p.clientId,
          clientSecretSetting: p.clientSecretSetting,
          emailDomains: p.emailDomains.join(', '),
          verifiedEmailClaim: p.verifiedEmailClaim,
          enabled: p.enabled ? 'yes' : 'no',
          expectedVersion: String(p.version),
        }
      : { name: org.name, verifiedEmailClaim: 'email_verified', enabled: 'yes' };
    this.editPage(res, staff, org, form, []);
  }

  @Post('organisations/:id')
  @StaffForm<SignInSettingsController>(['administrator'], (c, { res, staff, body, params }) =>
    c.expired(res, staff, params.id, body),
  )
  async save(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const view = await this.providers.read(staff.tenantId);
    const org = view.organisations.find((o) => o.id === id);
    if (!org) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const form = providerForm(body);
    const enabled = form.enabled === 'yes' ? true : form.enabled === 'no' ? false : undefined;
    try {
      await this.providers.save(
        {
          organisationId: id,
          name: form.name,
          issuer: form.issuer,
          clientId: form.clientId,
          clientSecretSetting: form.clientSecretSetting,
          emailDomains: form.emailDomains,
          verifiedEmailClaim: form.verifiedEmailClaim,
          enabled,
          ...(/^\d{1,9}$/.test(form.expectedVersion)
            ? { expectedVersion: Number(form.expectedVersion) }
            : {}),
        },
        actorOf(staff),
      );
    } catch (e) {
      const errors = errorsOf(e, '#name', (path) =>
        (FIELDS as readonly string[]).includes(path) ? `#${path}` : '#name',
      );
      return this.editPage(
        res,
        staff,
        org,
        form,
        errors,
        e instanceof DomainError ? httpStatusOf(e) : 422,
      );
    }
    res.redirect(303, '/admin/sign-in?done=provider');
  }

  /** A provider's form whose token expired: as typed, for an organisation of the council. */
  async expired(res: Response, staff: SignedInStaff, id: string, body: Record<string, unknown>) {
    const view = await this.providers.read(staff.tenantId);
    const org = view.organisations.find((o) => o.id === id);
    if (!org) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const errors = [{ text: FORM_EXPIRED, href: '#name' }];
    this.editPage(res, staff, org, providerForm(body), errors, 403);
  }

  private passwordForm(choice: string, error?: string) {
    return {
      passwordError: error ? { text: error } : undefined,
      passwordItems: LOCAL_PASSWORD_CHOICES.map((c) => ({
        value: c,
        text: PASSWORD_WORDS[c].text,
        hint: { text: PASSWORD_WORDS[c].hint },
        checked: c === choice,
      })),
    };
  }

  private editPage(
    res: Response,
    staff: SignedInStaff,
    org: { id: string; name: string },
    form: Record<string, string>,
    errors: ErrorItem[],
    status = 200,
  ) {
    const fieldErrors = Object.fromEntries(
      FIELDS.map((f) => {
        const texts = errors.filter((e) => e.href === `#${f}`).map((e) => e.text);
        return [f, texts.length ? { text: texts.join('. ') } : undefined];
      }),
    );
    this.pages.html(
      res,
      'account/sign-in-provider.njk',
      { staff, org, form, errors, fieldErrors, redirectUri: this.oidc.redirectUri() },
      status,
    );
  }
}

/** A provider's form as posted. */
function providerForm(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries([...FIELDS, 'expectedVersion'].map((k) => [k, formText(body, k)]));
}

function actorOf(staff: SignedInStaff) {
  return { tenantId: staff.tenantId, accountId: staff.accountId };
}

/** A refusal's problems in people's words, each linked to its field. */
function errorsOf(
  e: unknown,
  fallback: string,
  hrefOf: (path: string) => string = () => fallback,
): ErrorItem[] {
  if (!(e instanceof DomainError)) throw e;
  const problems = e instanceof InvalidInputError ? e.problems : [];
  const errors = problems.map((p) => ({ text: sentence(p.message), href: hrefOf(p.path) }));
  // A rule's refusal in the one shape every page gives it (http/refusal.presenter.ts).
  return errors.length ? errors : [{ text: refusalDetail(e), href: fallback }];
}
