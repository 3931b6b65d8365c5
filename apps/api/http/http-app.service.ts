import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { noStoreByDefault } from './cache-control.service';
import { securityHeaders } from './security-headers.service';
import { readJsonBody } from './json-body.service';
import { apiRateLimit } from './api-rate-limit.service';
import { linkRateLimits } from './link-rate-limit.service';
import { largeBodyGate } from './large-body-gate.service';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Settings } from '../../../libs/config/settings.service';
import { inTenantScope } from '../../../libs/core/tenant-context.service';
import { DataSource } from 'typeorm';
import { bindRequestCouncil } from './request-council.middleware';
import { StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { PageRenderer, repositoryRoot } from '../pages/page-renderer.service';
import { clientErrorResponse, ProblemFilter } from './problem.filter';
import { ApiKeyGuard, requestKeyHash } from './api-key.guard';
import { DOCUMENTS_ROUTE, requestTextGuard } from './request-text.service';
import { mountOpenApiDocument } from '../openapi/openapi-document.service';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Actor } from '../../../libs/core/actor.dto';
import { DomainError } from '../../../libs/errors/domain.errors';
import type { Logger } from 'pino';
import { requestLogger } from './request-logging.service';
import { httpMetrics } from '../../../libs/operations/metrics.registry';
import { TenantScopeInterceptor } from './tenant-scope.interceptor';
import { answerEvent, eventRoute } from '../cases/event-route.service';
import { eventLane, laneAtTheDoor } from '../cases/event-lane.service';
import { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { ReadCaseUseCase } from '../../../libs/engine/read-case.use-case';

/** TRUST_PROXY as Express takes it: false, a number of hops, or a list of addresses. */
function trustProxy(value: string): boolean | number | string[] {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

function tooManyRequests(limit: number): DomainError {
  return new DomainError(
    'TOO_MANY_REQUESTS',
    'Too many requests',
    `This API key (or address) sent more than ${limit} requests in a minute: wait a minute and send fewer.`,
  );
}

/** A document that waited half of REQUEST_TIMEOUT_MS for its turn: try again in about that long. */
function uploadsBusy(retryAfterSeconds: number): DomainError {
  return new DomainError(
    'UPLOADS_BUSY',
    'Other documents are being uploaded',
    `Other documents are being uploaded and this one could not be read in time: send it again after ${retryAfterSeconds} seconds.`,
  );
}

/**
 * The JSON parser's errors as Nest's error handler should see them: Nest turns the parser's
 * SyntaxError into a bare 400 that loses its type; keep the type so that ProblemFilter answers
 * MALFORMED_JSON.
 */
function parserError(err: unknown): unknown {
  const type = (err as { type?: string } | null)?.type;
  return type === 'entity.parse.failed'
    ? Object.assign(new Error('malformed JSON'), { type })
    : err;
}

/** Paths of the server-rendered pages, which get a strict, nonce-based Content-Security-Policy. */
const PAGE_PATHS = [
  '/act',
  '/dev',
  '/cases',
  '/meetings',
  '/admin',
  '/sign-in',
  '/sign-out',
  '/account',
  '/register',
];

/** HTTP concerns shared by `npm start` and the tests: body limits, errors, security headers, pages, docs. */
export function configureHttpApp(
  app: INestApplication,
  settings: Pick<
    Settings,
    | 'LINK_RATE_LIMIT_PER_MINUTE'
    | 'API_RATE_LIMIT_PER_MINUTE'
    | 'REQUEST_TIMEOUT_MS'
    | 'TRUST_PROXY'
    | 'DOCUMENT_UPLOADS_AT_ONCE'
  > &
    Partial<Pick<Settings, 'DATABASE_POOL_WAIT_SECONDS'>>,
  /** One JSON line per request (request-logging.service.ts); tests leave it out. */
  logger?: Logger,
): void {
  const express = app as NestExpressApplication;
  // What every request runs first, in this order, on the long way and in the event lane alike.
  const first: RequestHandler[] = [];
  // First, so that what middleware refuses (rate limits, bodies) is logged too.
  if (logger) first.push(requestLogger(logger) as RequestHandler);
  first.push(httpMetrics as RequestHandler);
  // Before anything can answer (a rate limit, a refused body), so that every answer carries it.
  first.push(noStoreByDefault);
  for (const step of first) express.use(step);
  const pages = app.get(PageRenderer);
  const problems = new ProblemFilter(pages, settings.DATABASE_POOL_WAIT_SECONDS);
  const refuse = (req: Request, res: Response, error: unknown) => problems.send(req, res, error);
  express.set('trust proxy', trustProxy(settings.TRUST_PROXY));
  // A body that trickles in is cut off, not held for Node's default five minutes.
  const server = app.getHttpServer() as Server;
  server.requestTimeout = settings.REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(settings.REQUEST_TIMEOUT_MS, 60_000);
  // What Node refuses itself (headers over 16 kB, a request cut off) is a problem too, not a bare status.
  server.on(
    'clientError',
    (err: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
      if (err.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten) socket.destroy();
      // Closed once written: the rest of an oversized request is not waited for.
      else socket.end(clientErrorResponse(err.code), () => socket.destroy());
    },
  );

  // Every API key is rate-limited, and so is every address that sends none: a key is hashed
  // before it is a key, so that the limiter's memory holds no secret. Counted as
  // express-rate-limit counted, in one step (api-rate-limit.service.ts).
  const apiLimit = apiRateLimit({
    windowMs: 60_000,
    limit: settings.API_RATE_LIMIT_PER_MINUTE,
    keyOf: (req) => {
      const hash = requestKeyHash(req);
      return hash ? `key:${hash}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    refuse: (req, res) => refuse(req, res, tooManyRequests(settings.API_RATE_LIMIT_PER_MINUTE)),
  });
  express.use('/api', apiLimit);
  // Its window's timer ends with the server (app.close() closes it), not left to the process.
  server.once('close', () => apiLimit.stop());
  // POST /api/cases/:id/events, the busiest route, taken after the rate limit (docs/adr/0040, issue
  // #21): the JSON body, the text checks, the security headers and the route, the same instances
  // as below, without the layers between that cannot touch it; anything else goes the long way.
  const apiKeys = app.get(ApiKeyGuard);
  // 100 kB, as body-parser reads '100kb'.
  const jsonLimit = 100 * 1024;
  const jsonBody = json({ limit: jsonLimit });
  const textChecks = requestTextGuard(refuse);
  // helmet's headers, recorded from helmet once at start-up and set in one step (security-headers.service.ts).
  const helmetHeaders = securityHeaders() as RequestHandler;
  const sending = { sendEvent: app.get(SendEventUseCase), reads: app.get(ReadCaseUseCase) };
  const events = eventRoute(apiKeys, sending, refuse);
  const lane = eventLane({
    // The common body read in one step, anything else by the same parser (json-body.service.ts).
    json: readJsonBody(jsonBody as Parameters<typeof readJsonBody>[0], jsonLimit) as RequestHandler,
    parserError,
    text: textChecks,
    headers: helmetHeaders,
    route: answerEvent(apiKeys, sending, refuse),
    refuse,
  });
  // Taken at the server's door (event-lane.service.ts): the steps above, then the lane, without
  // Express's router walking its layers (every path under /api passes the rate limit's mount).
  laneAtTheDoor(
    server,
    app.getHttpAdapter().getInstance() as Parameters<typeof laneAtTheDoor>[1],
    [...first, apiLimit],
    lane,
    refuse,
    parserError,
  );
  // Documents arrive base64 in JSON (10 MB of content); every other body is small. The key is
  // checked before a large body is read, so that an unknown caller cannot make us parse 14 MB,
  // and only a few are read at once, so that memory is not the body limit times the callers.
  express.use(
    DOCUMENTS_ROUTE,
    (req: Request & { actor?: Actor }, res: Response, next: NextFunction) => {
      if (req.method !== 'POST') return next();
      apiKeys.authenticate(req.headers.authorization).then(
        (actor) => {
          req.actor = actor;
          next();
        },
        (e: unknown) => {
          // The unread body is left unread: the connection closes rather than draining it.
          res.setHeader('Connection', 'close');
          refuse(req, res, e);
        },
      );
    },
    // A document waits at most half of REQUEST_TIMEOUT_MS, whose clock runs while it waits: then
    // it is refused unread with a 503, rather than cut off with a 408 (issue #21). Turns go round
    // the councils waiting.
    largeBodyGate(
      settings.DOCUMENT_UPLOADS_AT_ONCE,
      100 * 1024,
      settings.REQUEST_TIMEOUT_MS / 2,
      (req: Request, res: Response) => {
        const retryAfter = Math.ceil(settings.REQUEST_TIMEOUT_MS / 2000);
        res.setHeader('Retry-After', String(retryAfter));
        res.setHeader('Connection', 'close');
        refuse(req, res, uploadsBusy(retryAfter));
      },
      // The key was checked above: its council's uploads take their turns beside other councils'.
      (req: Request & { actor?: Actor }) => req.actor?.tenantId ?? '',
    ),
    json({ limit: '14mb' }),
  );
  express.use(jsonBody);
  express.useBodyParser('urlencoded', { limit: '20kb', extended: false });
  // Express 5 leaves the body undefined when no parser took the request (no body, text/plain):
  // every handler reads an empty form instead, and answers it with a 4xx.
  express.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body === undefined) req.body = {};
    next();
  });
  // The parser's errors keep their type (parserError).
  express.use((err: unknown, _req: Request, _res: Response, next: NextFunction) =>
    next(parserError(err)),
  );
  express.use(textChecks);
  express.disable('x-powered-by');
  express.use(cookieParser());

  // A page's nonce is made when the page's policy or its layout first reads it, so that the API's
  // replies, which have neither, make none (issue #21); one per response, the same for both.
  express.use((_req: Request, res: Response, next: NextFunction) => {
    let made: string | undefined;
    Object.defineProperty(res.locals, 'cspNonce', {
      get: () => (made ??= randomBytes(16).toString('base64')),
      enumerable: true,
      configurable: true,
    });
    next();
  });
  express.use(helmetHeaders);
  const pagesCsp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: [(_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  });
  express.use((req: Request, res: Response, next: NextFunction) =>
    PAGE_PATHS.some((p) => req.path.startsWith(p)) || req.path.endsWith('/certificate')
      ? pagesCsp(req, res, next)
      : next(),
  );

  // Sign-in is rate-limited per address, never locked per account: a lockout lets anyone deny a colleague.
  express.use(
    '/sign-in',
    rateLimit({
      windowMs: 60_000,
      limit: 20,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => req.method !== 'POST',
      handler: (_req, res) => pages.html(res, 'too-many-requests.njk', {}, 429),
    }),
  );
  express.use(
    '/act',
    ...linkRateLimits(settings.LINK_RATE_LIMIT_PER_MINUTE, (_req, res) =>
      pages.html(res, 'too-many-requests.njk', {}, 429),
    ),
  );

  const govuk = resolve(repositoryRoot(), 'node_modules/govuk-frontend/dist/govuk');
  express.useStaticAssets(resolve(govuk, 'assets'), { prefix: '/assets' });
  express.useStaticAssets(govuk, { prefix: '/stylesheets', index: false });
  // The service's own few styles (apps/api/public/ratify.css: tables on phones, ADR 0021).
  express.useStaticAssets(resolve(repositoryRoot(), 'apps/api/public'), {
    prefix: '/stylesheets',
    index: false,
  });

  // From here on each request is in a tenant scope of its own (ADR 0015), bound to the council its
  // link token or session names, else to none until its API key or the register's slug binds
  // it: a query that forgot to bind is refused. After the body parsers, whose stream events
  // would run what follows outside the scope.
  express.use((_req: Request, _res: Response, next: NextFunction) => inTenantScope(next));
  express.use(bindRequestCouncil(app.get(DataSource), app.get(StaffAuthService)));
  // POST /api/cases/:id/events that the lane above left (a form, no body, a cookie), answered here
  // as Nest's would answer it, without Nest's router, guards and interceptors (docs/adr/0040).
  express.use(events);

  app.useGlobalFilters(problems);
  // Row-level security (ADR 0015): each handler's connections bound to its caller's council.
  app.useGlobalInterceptors(new TenantScopeInterceptor());
  mountOpenApiDocument(app);
}
