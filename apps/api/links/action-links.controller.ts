import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { dateInWords } from '../../../libs/notifications/email-message.service';
import {
  LinkAlreadyUsedError,
  LinkFormError,
  LinkRefusedError,
  LinkStepUpRequiredError,
  LinkUnavailableError,
} from '../../../libs/links/link.errors';
import { LinkStepUps, StepUpStatus } from '../../../libs/links/link-step-up.service';
import { STEP_UP_COOKIE } from './link-step-up.controller';
import {
  ClientEvidence,
  LinkPage,
  RespondToLinkUseCase,
} from '../../../libs/links/respond-to-link.use-case';
import { PageRenderer } from '../pages/page-renderer.service';
import { logAbout } from '../http/request-logging.service';
import { LINK_REFUSAL_NEXT, refusalText, ruleRefusal } from '../http/refusal.presenter';
import { datesInWords, whenInWords } from '../pages/forms/words.service';
import { linkClosedWhy } from './link-closed-words';
import {
  DocumentUnavailableError,
  ReadDocumentUseCase,
} from '../../../libs/documents/read-document.use-case';
import { sendDocument } from '../pages/documents/document-response.service';
import { documentWords } from '../pages/documents/document-words.service';

/** The request's log line names the link's council, holder and case (ids: never the token). */
function logLink(req: Request, page: LinkPage): void {
  logAbout(req, {
    tenant: page.link.tenant_id,
    actor: page.link.person_id,
    case: page.link.case_id,
  });
}

const RESPONSE_WORDS: Record<string, string> = {
  approve: 'you approve',
  approveWithComments: 'you approve, with comments',
  reject: 'you reject, with reasons',
  declareInterest: 'you declare an interest and withdraw',
};

/**
 * One-time action links from emails. GET and HEAD only show the request; the answer is a POST
 * from the page's form. Every failure reads the same and changes nothing.
 */
@ApiExcludeController()
@Controller('act')
export class ActionLinksController {
  constructor(
    private readonly links: RespondToLinkUseCase,
    private readonly pages: PageRenderer,
    private readonly documents: ReadDocumentUseCase,
    private readonly stepUps: LinkStepUps,
  ) {}

  /**
   * A document bound to the request, read from the link (GET or HEAD, recorded as such with the
   * version and hash in the link's views). Only the versions the link was made with.
   */
  @Get(':token/documents/:position')
  async document(
    @Param('token') token: string,
    @Param('position') position: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    try {
      const served = await this.documents.forLink(
        token,
        /^[1-9]\d{0,3}$/.test(position) ? Number(position) : NaN,
        method,
        client(req),
      );
      await sendDocument(res, served, method);
    } catch (e) {
      if (e instanceof LinkUnavailableError) {
        this.pages.html(res, 'link-unavailable.njk', {}, 404);
        return;
      }
      if (e instanceof DocumentUnavailableError) {
        this.pages.html(
          res,
          'documents/document-unavailable.njk',
          { reason: e.reason, backHref: `/act/${token}` },
          e.reason === 'hash-mismatch' ? 409 : 404,
        );
        return;
      }
      throw e;
    }
  }

  /**
   * GET, and HEAD too: Express hands a HEAD to the GET route registered first, so the method is
   * read off the request, and a scanner's HEAD is recorded as HEAD, never as someone opening it.
   */
  @Get(':token')
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    await this.renderConfirm(token, req.method === 'HEAD' ? 'HEAD' : 'GET', req, res);
  }

  @Post(':token')
  @HttpCode(200)
  async respond(
    @Param('token') token: string,
    @Body() body: Record<string, string | undefined>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = {
      csrf: str(body?.csrf),
      response: str(body?.response),
      comments: str(body?.comments),
      reasons: str(body?.reasons),
      interest: str(body?.interest),
    };
    // "Change your answers" on the check page: the form again, as typed, nothing recorded.
    if (body?.change === 'yes') return this.renderConfirm(token, 'POST', req, res, undefined, form);
    try {
      // An answer that cannot be taken back is shown in words first, and recorded once confirmed.
      if (body?.checked !== 'yes') {
        const shown = await this.links.check(token, form, client(req));
        if (shown) {
          logLink(req, shown.page);
          return this.renderCheck(res, token, shown.page, shown.response, form);
        }
      }
      const { page, response, recordedAt } = await this.links.respond(token, form, client(req));
      logLink(req, page);
      this.pages.html(res, 'link-receipt.njk', {
        page,
        // The panel's text is a sentence of its own: "You approve", never "you approve".
        responseWords: capitalise(responseWords(page, response)),
        recordedAt: whenInWords(recordedAt),
        summary: page.summary,
      });
    } catch (e) {
      if (e instanceof LinkAlreadyUsedError) {
        this.pages.html(res, 'link-already-used.njk', {
          responseWords:
            e.outcome.words ?? RESPONSE_WORDS[e.outcome.response] ?? e.outcome.response,
          recordedAt: whenInWords(e.outcome.recordedAt),
        });
        return;
      }
      if (e instanceof LinkFormError) {
        await this.renderConfirm(token, 'POST', req, res, e.problem, form, false, 422, e.field);
        return;
      }
      if (e instanceof LinkStepUpRequiredError) {
        await this.renderConfirm(
          token,
          'POST',
          req,
          res,
          `Confirm who you are before you answer: ${e.what} needs it. Nothing was recorded.`,
          form,
          false,
          403,
        );
        return;
      }
      if (e instanceof LinkRefusedError) {
        // The rule in the words every page gives it; what to do is the link holder's own.
        const refusal = ruleRefusal(e.rule, e.explanation, e.detail, LINK_REFUSAL_NEXT);
        await this.renderConfirm(token, 'POST', req, res, refusalText(refusal), form, true);
        return;
      }
      if (e instanceof LinkUnavailableError) {
        this.pages.html(res, 'link-unavailable.njk', {}, 404);
        return;
      }
      throw e;
    }
  }

  /** GOV.UK "check your answers": the answer in words, the form carried to confirm or change. */
  private renderCheck(
    res: Response,
    token: string,
    page: LinkPage,
    response: string,
    form: { comments?: string; reasons?: string; interest?: string },
  ) {
    const typed: Record<string, { key: string; text?: string }> = {
      approveWithComments: {
        key: page.answers?.approveWithComments?.note ?? 'Your comments',
        text: form.comments,
      },
      reject: { key: page.answers?.reject?.note ?? 'Your reasons', text: form.reasons },
      declareInterest: { key: 'Your interest', text: form.interest },
    };
    const more = typed[response];
    this.pages.html(res, 'link-check.njk', {
      page,
      token,
      requestCaption: page.caption ?? 'Your answer is asked for',
      rows: [
        { key: { text: 'Your answer' }, value: { text: answerWords(response, page) } },
        ...(more ? [{ key: { text: more.key }, value: { text: more.text?.trim() ?? '' } }] : []),
      ],
      carried: {
        response,
        comments: form.comments,
        reasons: form.reasons,
        interest: form.interest,
      },
    });
  }

  private async renderConfirm(
    token: string,
    method: string,
    req: Request,
    res: Response,
    error?: string,
    form: { response?: string; comments?: string; reasons?: string; interest?: string } = {},
    /** A rule refused the answer (the summary says it was not recorded), not a slip in the form. */
    refused = false,
    status?: number,
    /** The text box the error is in; else it is the answer's (the radios'). */
    errorField?: string,
  ) {
    let page: LinkPage;
    try {
      page = await this.links.view(
        token,
        method === 'POST' ? 'POST (form re-shown)' : method,
        client(req),
      );
      logLink(req, page);
    } catch (e) {
      if (e instanceof LinkAlreadyUsedError) {
        this.pages.html(res, 'link-already-used.njk', {
          responseWords:
            e.outcome.words ?? RESPONSE_WORDS[e.outcome.response] ?? e.outcome.response,
          recordedAt: whenInWords(e.outcome.recordedAt),
        });
        return;
      }
      if (e instanceof LinkUnavailableError) {
        this.unavailable(res, e);
        return;
      }
      throw e;
    }
    const stepUp = await this.stepUps.statusFor(token, client(req).browserKey ?? undefined);
    this.pages.html(
      res,
      'link-confirm.njk',
      {
        page,
        token,
        ...stepUpWords(stepUp),
        errorHref: status === 403 ? '#confirm-who' : errorField ? `#${errorField}` : undefined,
        errorField,
        error,
        refused,
        form,
        requestCaption: page.caption ?? 'Your answer is asked for',
        deadlineWords: page.deadline ? dateInWords(page.deadline) : null,
        // Not yet (the decision before its meeting): why, and from when, by the rule's own words.
        notYet: page.notYet
          ? {
              why: datesInWords(page.notYet.explanation[0]),
              more: page.notYet.explanation.slice(1).map((l) => capitalise(datesInWords(l))),
            }
          : null,
        documents: (await this.documents.boundTo(page.link)).map((b) => ({
          href: `/act/${token}/documents/${b.position}`,
          sha256: b.sha256,
          ...documentWords(b.document),
        })),
        choices: page.link.allowed_responses.map((r) => ({
          value: r,
          text: answerWords(r, page),
          checked: form.response === r,
        })),
      },
      status ?? (error ? 422 : 200),
    );
  }

  /**
   * A link that cannot be used: 404 for a token we do not know; for the holder of a link the engine
   * closed, 410 with when and why, so they know to look for the newer email.
   */
  private unavailable(res: Response, e: LinkUnavailableError): void {
    if (!e.settled) {
      this.pages.html(res, 'link-unavailable.njk', {}, 404);
      return;
    }
    this.pages.html(
      res,
      'link-unavailable.njk',
      { closedOn: whenInWords(e.settled.at), why: linkClosedWhy(e.settled.why) },
      410,
    );
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An answer as the receipt says it: "you approve", or in the template's words for its request. */
function responseWords(page: LinkPage, response: string): string {
  return page.answers?.[response as 'reject']?.answer ?? RESPONSE_WORDS[response];
}

/** An answer as the person gives it: "I approve", "I reject, with reasons". */
function answerWords(response: string, page: LinkPage): string {
  return capitalise(responseWords(page, response).replace(/^you /, 'I '));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function client(req: Request): ClientEvidence {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? null,
    userAgent: req.get('user-agent') ?? null,
    browserKey: (req.cookies as Record<string, string> | undefined)?.[STEP_UP_COOKIE] ?? null,
  };
}

/** The link page's step-up in words: what needs it, and how this browser proved who it is. */
function stepUpWords(stepUp: StepUpStatus | null) {
  if (!stepUp?.what) return { stepUp: null };
  const v = stepUp.verified;
  return {
    stepUp,
    stepUpWhat: capitalise(stepUp.what),
    stepUpVerifiedWords: v
      ? `${
          v.method === 'organisation-sign-in' && stepUp.by.method === 'organisation-sign-in'
            ? `through ${stepUp.by.providerName} sign-in as ${v.email}`
            : `with a code emailed to ${v.email}`
        }, on ${whenInWords(v.at)}`
      : null,
  };
}
