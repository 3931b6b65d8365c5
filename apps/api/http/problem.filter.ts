import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, GovernanceRuleError } from '../../../libs/errors/domain.errors';
import { ruleName } from '../../../libs/errors/rule-names.errors';
import { databaseBusy } from '../../../libs/database/database-busy.errors';
import { DEFAULT_POOL } from '../../../libs/config/database-pool.settings';
import type { PageRenderer } from '../pages/page-renderer.service';
import { refusalSentence } from './refusal.presenter';
import { serviceUpdatingPage } from './service-updating.presenter';

/** The one place where error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  NOT_AUTHORISED: 403,
  CASE_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  EVENT_NOT_ALLOWED: 409,
  UNKNOWN_EVENT: 422,
  UNKNOWN_TEMPLATE: 422,
  TEMPLATE_NOT_FOUND: 404,
  TEMPLATE_VERSION_NOT_IN_THIS_BUILD: 503,
  INVALID_INPUT: 422,
  INVALID_ROLE_HOLDER: 422,
  AMBIGUOUS_ROLE: 422,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_TEXT: 400,
  TOO_MANY_REQUESTS: 429,
  UPLOADS_BUSY: 503,
  SIGN_IN_BUSY: 503,
  DATABASE_BUSY: 503,
  MEETING_NOT_FOUND: 404,
  AGENDA_ITEM_NOT_FOUND: 404,
  DIRECTORY_RECORD_NOT_FOUND: 404,
  GOVERNANCE_RULE_BROKEN: 422,
};

/** Every domain error code (the OpenAPI document lists them). */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

/** The HTTP status of a domain error: for the pages too, which answer refusals with HTML. */
export function httpStatusOf(error: DomainError): number {
  return STATUS[error.code];
}

/** 102400 as "100 kB", 14680064 as "14 MB": body-parser's limits in words. */
function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MB`
    : `${Math.round(bytes / 1024)} kB`;
}

/**
 * The answer to a request Node refused before any middleware saw it (an address and headers over
 * 16 kB, a request that is not HTTP, a request still arriving after REQUEST_TIMEOUT_MS): the same
 * problem+json, written on the socket, which then closes.
 */
export function clientErrorResponse(nodeCode: string | undefined): string {
  const [status, reason, code, title, detail] =
    nodeCode === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'HEADERS_TOO_LARGE',
          'The address or headers are too large',
          'Keep the address, query and headers of a request under 16 kB together.',
        ]
      : nodeCode === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            'REQUEST_TIMEOUT',
            'The request took too long to arrive',
            'Send the whole request at once; one that is still arriving after the time allowed is cut off.',
          ]
        : [
            400,
            'Bad Request',
            'MALFORMED_REQUEST',
            'The request could not be read',
            'Send a well-formed HTTP/1.1 request.',
          ];
  const body = JSON.stringify({
    type: `https://ratify.example.org/problems/${code.toLowerCase()}`,
    status,
    code,
    title,
    detail,
  });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The API's paths, in any letters, as Express's router matches them (/API/cases is /api/cases). */
const API_PATH = /^\/api/i;

/**
 * A browser asking for a page (not the API) gets the refusal as a GOV.UK page. The whole path:
 * in middleware mounted on /api (the rate limit, the documents route) `req.path` is the rest of it.
 */
function wantsPage(req: Request): boolean {
  return (
    !API_PATH.test(req.originalUrl) &&
    req.accepts(['application/json', 'application/problem+json', 'text/html']) === 'text/html'
  );
}

/**
 * Every error leaves as RFC 9457 problem+json with a stable code and a sentence saying what to
 * fix; a browser reading the pages gets the same refusal as a GOV.UK page with the same status.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('Problem');

  constructor(
    private readonly pages?: PageRenderer,
    /** DATABASE_POOL_WAIT_SECONDS: a request refused for want of a connection tries again after it. */
    private readonly databaseWaitSeconds = DEFAULT_POOL.waitSeconds,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    this.send(
      host.switchToHttp().getRequest<Request>(),
      host.switchToHttp().getResponse<Response>(),
      error,
    );
  }

  /** Answers `error`: for middleware that refuses before any handler runs, too. */
  send(req: Request, res: Response, error: unknown): void {
    const problem = this.toProblem(error);
    // A refusal that says when to come back says it in the header too (RFC 9110), unless the
    // code that refused set it already.
    if (typeof problem.retryAfterSeconds === 'number' && !res.getHeader('Retry-After'))
      res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    if (this.pages && wantsPage(req)) {
      const page =
        problem.status === 404 ? 'not-found.njk' : problem.status === 403 ? 'forbidden.njk' : null;
      if (page) return this.pages.html(res, page, {}, problem.status);
      if (problem.code === 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD')
        return this.pages.html(res, 'problem.njk', serviceUpdatingPage(req.method), problem.status);
      return this.pages.html(
        res,
        'problem.njk',
        problem.status >= 500
          ? { heading: 'Sorry, there is a problem with the service', detail: problem.detail }
          : { heading: problem.title, detail: problem.detail, back: true },
        problem.status,
      );
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        type: `https://ratify.example.org/problems/${problem.code.toLowerCase()}`,
        instance: req.originalUrl,
        ...problem,
      });
  }

  private toProblem(
    error: unknown,
  ): { status: number; code: string; title: string; detail: string } & Record<string, unknown> {
    if (error instanceof GovernanceRuleError) {
      // `detail` in the words the pages give the same refusal (the rule by its name, what it
      // means here, what to do); `rule` keeps the rule's stable code and `explanation` its lines
      // for programs, `ruleName` the name the sentence gives it.
      return {
        status: STATUS[error.code],
        code: error.code,
        title: error.title,
        detail: refusalSentence(error),
        ...error.extra,
        ruleName: ruleName(String(error.extra.rule ?? '')),
      };
    }
    if (error instanceof DomainError) {
      return {
        status: STATUS[error.code],
        code: error.code,
        title: error.title,
        detail: error.detail,
        ...error.extra,
      };
    }
    // Errors raised by the body parser before any of our code runs.
    const parserType = (error as { type?: string }).type;
    if (parserType === 'entity.parse.failed') {
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        title: 'The body is not valid JSON',
        detail: 'Send a JSON object with Content-Type: application/json.',
      };
    }
    if (parserType === 'entity.too.large') {
      const limit = (error as { limit?: number }).limit ?? 0;
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        title: 'The body is too large',
        detail: `Keep this request's body under ${sizeInWords(limit)}${limit > 1_000_000 ? ' (a document of about 10 MB, base64 in JSON)' : ''}.`,
        limit,
      };
    }
    if (parserType === 'charset.unsupported' || parserType === 'encoding.unsupported') {
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        title: 'The body’s encoding is not supported',
        detail: 'Send JSON in UTF-8 with Content-Type: application/json, uncompressed or gzip.',
      };
    }
    // Any other client error the body parser raised (http-errors marks those it may show).
    const parserError = error as { status?: unknown; expose?: unknown };
    if (
      !(error instanceof HttpException) &&
      parserError.expose === true &&
      typeof parserError.status === 'number' &&
      parserError.status >= 400 &&
      parserError.status < 500
    ) {
      return {
        status: 400,
        code: 'MALFORMED_JSON',
        title: 'The body could not be read',
        detail:
          'Send a JSON object with Content-Type: application/json and a matching Content-Encoding.',
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404)
        return {
          status,
          code: 'ROUTE_NOT_FOUND',
          title: 'No such route',
          detail: 'Check the path and method against /api/docs.',
        };
      return { status, code: `HTTP_${status}`, title: error.message, detail: error.message };
    }
    const busy = databaseBusy(error, this.databaseWaitSeconds);
    if (busy) {
      // Logged, once a request: many of them mean the pools want more than the server gives.
      this.log.warn(`${busy.code}: ${error instanceof Error ? error.message : String(error)}`);
      return {
        status: 503,
        code: busy.code,
        title: busy.title,
        detail: busy.detail,
        ...busy.extra,
      };
    }
    this.log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return {
      status: 500,
      code: 'INTERNAL',
      title: 'Something went wrong on our side',
      detail: 'Nothing was changed. Try again; if it persists, tell the Ratify team.',
    };
  }
}
