import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SETTINGS, type Settings } from '../../../libs/config/settings.service';
import { DomainError } from '../../../libs/errors/domain.errors';
import {
  COUNCIL_CHOICE_MINUTES,
  CouncilChoiceTokens,
} from '../../../libs/staff/council-choice.service';
import { OIDC_SIGN_IN_MINUTES, OidcSignInUseCase } from '../../../libs/staff/oidc-sign-in.use-case';
import { RESET_LINK_MINUTES } from '../../../libs/staff/password-link.use-case';
import { PasswordResetUseCase } from '../../../libs/staff/password-reset.use-case';
import { StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { continueToProvider } from './continue-to-provider.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, StaffPages } from './staff-pages.service';

/** The cookie holding the key of a sign-in under way at a provider, only for the callback. */
const OIDC_COOKIE = 'ratify_oidc';
const OIDC_COOKIE_PATH = '/sign-in/oidc';

/** Only local paths: a sign-in link must never send someone to another site. */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/cases';

@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly pages: PageRenderer,
    private readonly staff: StaffPages,
    private readonly oidc: OidcSignInUseCase,
    private readonly resets: PasswordResetUseCase,
    private readonly choices: CouncilChoiceTokens,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  @Get()
  home(@Res() res: Response) {
    res.redirect(303, '/cases');
  }

  /** `?council=slug` (a council's own link to Ratify) signs in to that council only. */
  @Get('sign-in')
  async show(
    @Query('next') next: string | undefined,
    @Query('council') council: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.pages.html(res, 'sign-in.njk', {
      next: safeNext(next),
      form: {},
      ...(await this.council(council)),
      signedInTo: (await this.staff.sessionOf(req))?.staff?.council.name,
      csrf: this.staff.newSignInCsrf(res),
    });
  }

  /** The council a sign-in page's address names, when it names one that exists. */
  private async council(slug: unknown): Promise<{ council?: { slug: string; name: string } }> {
    if (typeof slug !== 'string' || !/^[a-z0-9-]{1,63}$/.test(slug)) return {};
    const name = await this.auth.councilNamed(slug);
    return name ? { council: { slug, name } } : {};
  }

  /**
   * "Sign in through your organisation": the email's domain names the provider (one per
   * organisation of a council); the browser goes there with a new state, nonce and PKCE challenge.
   */
  @Post('sign-in/organisation')
  @HttpCode(200)
  async organisation(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const email = typeof body?.ssoEmail === 'string' ? body.ssoEmail.trim() : '';
    const errors: { text: string; href: string }[] = [];
    if (!this.staff.signInCsrfOk(req, body)) errors.push({ text: FORM_EXPIRED, href: '#ssoEmail' });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      errors.push({
        text: 'Enter your work email address, like name@council.gov.uk',
        href: '#ssoEmail',
      });
    const started =
      errors.length === 0 ? await this.oidc.startForEmail(email, safeNext(body?.next)) : null;
    if (started?.ok) {
      res.cookie(OIDC_COOKIE, started.browserKey, {
        httpOnly: true,
        // Lax: the provider sends the browser back with a top-level GET from its own site.
        sameSite: 'lax',
        secure: this.secure(),
        path: OIDC_COOKIE_PATH,
        maxAge: OIDC_SIGN_IN_MINUTES * 60_000,
      });
      return continueToProvider(this.pages, res, started);
    }
    if (started && !started.ok)
      errors.push({
        text:
          started.refusal === 'no_provider'
            ? 'Your organisation has not set up signing in to Ratify with its own accounts for that email address. Sign in with your password, or ask your administrator.'
            : 'Your organisation’s sign-in service did not answer. Try again in a few minutes; if it keeps happening, tell your administrator.',
        href: '#ssoEmail',
      });
    this.pages.html(
      res,
      'sign-in.njk',
      {
        next: safeNext(body?.next),
        form: { ssoEmail: email },
        ssoErrors: true,
        errors,
        csrf: this.staff.newSignInCsrf(res),
      },
      started && !started.ok && started.refusal === 'provider_unavailable' ? 503 : 422,
    );
  }

  @Get('sign-in/forgot-password')
  forgotten(@Res() res: Response) {
    this.pages.html(res, 'sign-in-forgot-password.njk', {
      form: {},
      csrf: this.staff.newSignInCsrf(res),
    });
  }

  /** The same answer whether or not the address has an account: the email goes out afterwards. */
  @Post('sign-in/forgot-password')
  @HttpCode(200)
  forgottenSent(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const email = typeof body?.email === 'string' ? body.email.trim() : '';
    let error: string | null = null;
    if (!this.staff.signInCsrfOk(req, body)) error = FORM_EXPIRED;
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
      error = 'Enter your email address, like name@council.gov.uk';
    if (error)
      return this.pages.html(
        res,
        'sign-in-forgot-password.njk',
        {
          form: { email },
          errors: [{ text: error, href: '#email' }],
          csrf: this.staff.newSignInCsrf(res),
        },
        422,
      );
    this.resets.request(email);
    this.pages.html(res, 'sign-in-check-email.njk', { email, minutes: RESET_LINK_MINUTES });
  }

  /** Where the provider sends the browser back: the sign-in this browser started, finished once. */
  @Get('sign-in/oidc/callback')
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const key = (req.cookies as Record<string, string> | undefined)?.[OIDC_COOKIE];
    const params = Object.fromEntries(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const result = await this.oidc.finish(key, params, req.get('user-agent'));
    res.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    // One person with accounts in several councils sharing the provider: which council, as after a password.
    if (result.ok === 'choose') {
      const csrf = this.staff.newSignInCsrf(res);
      const accountIds = result.choice.options.map((o) => o.accountId);
      return this.pages.html(res, 'sign-in-council.njk', {
        next: safeNext(result.next),
        councils: await this.auth.councilsOf(accountIds),
        choice: this.choices.issue(accountIds, csrf, result.choice),
        csrf,
      });
    }
    if (!result.ok) {
      const status = result.refusal === 'provider_unavailable' ? 503 : 403;
      return this.pages.html(
        res,
        'sign-in-refused.njk',
        { refusal: result.refusal, providerName: result.providerName },
        status,
      );
    }
    await this.begin(req, res, result.sessionToken);
    res.redirect(303, safeNext(result.next));
  }

  /**
   * The new session's cookie, replacing this browser's session if it had one (in this council or
   * another: switching council ends the session it switched from, one council a browser at a time).
   */
  private async begin(req: Request, res: Response, token: string): Promise<void> {
    const previous = (await this.staff.sessionOf(req))?.staff;
    if (previous) await this.auth.signOut(previous);
    this.staff.setSessionCookie(res, token);
    this.staff.endSignInCsrf(res);
  }

  private secure(): boolean {
    return this.settings.PUBLIC_ORIGIN.startsWith('https:');
  }

  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const email = typeof body?.email === 'string' ? body.email : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    const errors: { text: string; href: string }[] = [];
    // A sign-in form posted from another site (login CSRF) carries no token of ours.
    if (!this.staff.signInCsrfOk(req, body)) errors.push({ text: FORM_EXPIRED, href: '#email' });
    if (!email.trim()) errors.push({ text: 'Enter your email address', href: '#email' });
    if (!password) errors.push({ text: 'Enter your password', href: '#password' });
    const council = await this.council(body?.council);
    let token: Awaited<ReturnType<StaffAuthService['signIn']>> = null;
    try {
      if (errors.length === 0)
        token = await this.auth.signIn(
          email,
          password.slice(0, 1000),
          req.get('user-agent'),
          council.council?.slug,
        );
    } catch (e) {
      // Passwords are checked a few at a time (ADR 0043): the form again, with what was typed.
      if (!(e instanceof DomainError) || e.code !== 'SIGN_IN_BUSY') throw e;
      res.setHeader('Retry-After', String(e.extra.retryAfterSeconds));
      const form = { email };
      const again = [{ text: e.detail, href: '#password' }];
      const csrf = this.staff.newSignInCsrf(res);
      const page = { next: safeNext(body?.next), form, ...council, errors: again, csrf };
      return this.pages.html(res, 'sign-in.njk', page, 503);
    }
    if (token && typeof token === 'object') {
      const csrf = this.staff.newSignInCsrf(res);
      return this.pages.html(res, 'sign-in-council.njk', {
        next: safeNext(body?.next),
        councils: token.councils,
        choice: this.choices.issue(token.accountIds, csrf),
        csrf,
      });
    }
    if (!token || token === 'single_sign_on_only') {
      if (token === 'single_sign_on_only')
        errors.push({
          text: 'Your council has turned off passwords for your account. Sign in through your organisation instead.',
          href: '#ssoEmail',
        });
      else if (errors.length === 0)
        errors.push({ text: 'The email address or password is not right', href: '#email' });
      this.pages.html(
        res,
        'sign-in.njk',
        {
          next: safeNext(body?.next),
          form: { email },
          ...council,
          errors,
          csrf: this.staff.newSignInCsrf(res),
        },
        422,
      );
      return;
    }
    await this.begin(req, res, token);
    res.redirect(303, safeNext(body?.next));
  }

  /**
   * The council chosen after one password opened the accounts of several: signed in there, as
   * though its own sign-in page had been used. An expired or altered choice starts again.
   */
  @Post('sign-in/council')
  @HttpCode(200)
  async chooseCouncil(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const ok = this.staff.signInCsrfOk(req, body);
    const read = ok
      ? this.choices.readChoice(body?.choice, typeof body?._csrf === 'string' ? body._csrf : '')
      : null;
    const accountIds = read?.accountIds ?? null;
    const chosen = typeof body?.council === 'string' ? body.council : '';
    const again = (text: string) =>
      this.pages.html(
        res,
        'sign-in.njk',
        {
          next: safeNext(body?.next),
          form: {},
          errors: [{ text, href: '#email' }],
          csrf: this.staff.newSignInCsrf(res),
        },
        422,
      );
    if (!ok) return again(FORM_EXPIRED);
    if (!accountIds)
      return again(
        `Choose your council within ${COUNCIL_CHOICE_MINUTES} minutes of signing in. Sign in again.`,
      );
    if (!chosen) {
      const csrf = this.staff.newSignInCsrf(res);
      const councils = await this.auth.councilsOf(accountIds);
      return this.pages.html(
        res,
        'sign-in-council.njk',
        {
          next: safeNext(body?.next),
          councils,
          choice: this.choices.issue(accountIds, csrf, read?.sso ?? undefined),
          errors: [{ text: 'Choose the council you want to sign in to', href: '#council' }],
          csrf,
        },
        422,
      );
    }
    // After a provider, signed in through the chosen council's own provider; after a password, with it.
    const token = read?.sso
      ? await this.oidc.finishChosen(read.sso, chosen, req.get('user-agent'))
      : await this.auth.signInChosen(accountIds, chosen, req.get('user-agent'));
    if (!token) return again('You can no longer sign in to that council. Sign in again.');
    await this.begin(req, res, token);
    res.redirect(303, safeNext(body?.next));
  }

  /**
   * Signs out the session and clears its cookie, together or not at all: a post without the
   * session's token (from another site) is asked to confirm, and the session stays as it was.
   */
  @Post('sign-out')
  async signOut(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const who = (await this.staff.sessionOf(req))?.staff;
    if (who && !this.staff.csrfOk(who, body)) {
      this.pages.html(res, 'sign-out.njk', { staff: who }, 403);
      return;
    }
    if (who) await this.auth.signOut(who);
    this.staff.clearSessionCookie(res);
    res.redirect(303, '/sign-in');
  }
}
