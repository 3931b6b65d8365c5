import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SETTINGS, type Settings } from '../../../libs/config/settings.service';
import {
  CODE_MINUTES,
  CODES_PER_HOUR,
  CodeRefusal,
  LinkStepUpCodeUseCase,
  WRONG_CODES_ALLOWED,
} from '../../../libs/links/link-step-up-code.use-case';
import {
  LINK_SIGN_IN_MINUTES,
  LinkStepUpSignInUseCase,
} from '../../../libs/links/link-step-up-sign-in.use-case';
import {
  isBrowserKey,
  newBrowserKey,
  STEP_UP_VALID_MINUTES,
} from '../../../libs/links/link-step-up.service';
import { continueToProvider } from '../pages/continue-to-provider.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { whenInWords } from '../pages/forms/words.service';

/** The cookie holding the key of the browser proving who answers a link (ADR 0016), for /act only. */
export const STEP_UP_COOKIE = 'ratify_link_step_up';

const FORM_EXPIRED =
  'The form has expired or did not come from this page. Open the link from your email again.';

/**
 * Step-up before an answer by email link (ADR 0016): through the person's organisation's sign-in
 * (POST /act/:token/verify/organisation, back at /act/verify/callback), else a code emailed
 * separately (/act/:token/verify/code). Each refusal is a page that says why; none records an answer.
 */
@ApiExcludeController()
@Controller('act')
export class LinkStepUpController {
  constructor(
    private readonly signIns: LinkStepUpSignInUseCase,
    private readonly codes: LinkStepUpCodeUseCase,
    private readonly pages: PageRenderer,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /** Where the provider sends the browser back: the sign-in this browser started, finished once. */
  @Get('verify/callback')
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const params = Object.fromEntries(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const result = await this.signIns.finish(this.key(req), params, client(req));
    if (result.ok) return res.redirect(303, result.linkPath);
    this.pages.html(
      res,
      'link-step-up-refused.njk',
      { refusal: result.refusal, providerName: result.providerName, linkPath: result.linkPath },
      result.refusal === 'provider_unavailable' ? 503 : result.refusal === 'not_needed' ? 404 : 403,
    );
  }

  @Post(':token/verify/organisation')
  @HttpCode(200)
  async organisation(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const key = this.keyFor(req, res);
    const started = await this.signIns.start(token, str(body?.csrf), key, client(req));
    if (started.ok) return continueToProvider(this.pages, res, started);
    if (started.refusal === 'no_provider') return res.redirect(303, `/act/${token}`);
    this.pages.html(
      res,
      'link-step-up-refused.njk',
      {
        refusal: started.refusal,
        providerName: started.providerName,
        linkPath: started.refusal === 'not_needed' ? null : `/act/${token}`,
      },
      started.refusal === 'provider_unavailable'
        ? 503
        : started.refusal === 'not_needed'
          ? 404
          : 422,
    );
  }

  /** Asks for a code by email, then shows where to type it. */
  @Post(':token/verify/code')
  @HttpCode(200)
  async sendCode(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.keyFor(req, res);
    const sent = await this.codes.send(token, str(body?.csrf), client(req));
    if (!sent.ok) return this.codeRefused(token, res, str(body?.csrf), sent.refusal, sent.retryAt);
    this.codePage(res, token, str(body?.csrf) ?? '', {
      sentTo: sent.sentTo,
      replacesEarlier: sent.replacesEarlier,
    });
  }

  @Post(':token/verify/code/check')
  @HttpCode(200)
  async checkCode(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const key = this.keyFor(req, res);
    const code = str(body?.code);
    const checked = await this.codes.check(token, str(body?.csrf), code, key, client(req));
    if (checked.ok) return res.redirect(303, checked.linkPath);
    this.codeRefused(
      token,
      res,
      str(body?.csrf),
      checked.refusal,
      undefined,
      checked.wrongLeft,
      code,
    );
  }

  private codeRefused(
    token: string,
    res: Response,
    csrf: string | undefined,
    refusal: CodeRefusal,
    retryAt?: Date,
    wrongLeft?: number,
    code?: string,
  ) {
    if (refusal === 'not_needed') return this.pages.html(res, 'link-unavailable.njk', {}, 404);
    if (refusal === 'use_sign_in') return res.redirect(303, `/act/${token}`);
    const words: Record<Exclude<CodeRefusal, 'not_needed' | 'use_sign_in'>, string> = {
      form_expired: FORM_EXPIRED,
      too_many_codes: `We have sent ${CODES_PER_HOUR} codes for this request in the last hour. Use the newest one, or ask for another after ${retryAt ? whenInWords(retryAt) : 'an hour'}.`,
      not_sent:
        'We could not send the email. Try again in a few minutes; if it keeps happening, contact the officer running the case.',
      code_format: 'Enter the 6-digit code from the email, like 123456',
      none: 'There is no code waiting for this request, or it has expired. Ask for a new code.',
      wrong: `The code is not right. Check the newest email and try again${wrongLeft !== undefined ? ` (${wrongLeft} more ${wrongLeft === 1 ? 'try' : 'tries'} with this code)` : ''}.`,
      used: 'That code has already been used. Ask for a new code.',
      replaced:
        'That code no longer works because we sent you a new one. Enter the code from the newest email.',
      expired: `That code has expired: codes work for ${CODE_MINUTES} minutes. Ask for a new code.`,
      locked: `${WRONG_CODES_ALLOWED} wrong codes were typed, so that code no longer works. Ask for a new code.`,
    };
    this.codePage(
      res,
      token,
      csrf ?? '',
      { error: words[refusal], code: refusal === 'code_format' ? code : '' },
      refusal === 'too_many_codes' || refusal === 'locked' ? 429 : 422,
    );
  }

  private codePage(
    res: Response,
    token: string,
    csrf: string,
    more: { sentTo?: string; replacesEarlier?: boolean; error?: string; code?: string },
    status = 200,
  ) {
    this.pages.html(
      res,
      'link-step-up-code.njk',
      { token, csrf, minutes: CODE_MINUTES, ...more },
      status,
    );
  }

  /** The browser's step-up key: the one in its cookie, else a new one set now. */
  private keyFor(req: Request, res: Response): string {
    const existing = this.key(req);
    const key = isBrowserKey(existing) ? existing : newBrowserKey();
    res.cookie(STEP_UP_COOKIE, key, {
      httpOnly: true,
      // Lax: the provider sends the browser back with a top-level GET from its own site.
      sameSite: 'lax',
      secure: this.settings.PUBLIC_ORIGIN.startsWith('https:'),
      path: '/act',
      maxAge: (STEP_UP_VALID_MINUTES + LINK_SIGN_IN_MINUTES) * 60_000,
    });
    return key;
  }

  private key(req: Request): string | undefined {
    return (req.cookies as Record<string, string> | undefined)?.[STEP_UP_COOKIE];
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function client(req: Request) {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? null,
    userAgent: req.get('user-agent') ?? null,
  };
}
