import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Settings } from '../../../libs/config/settings.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { routeTemplate } from '../../../libs/operations/metrics.registry';

/** Paths whose last segment is a secret (a one-time link's token): never written to a log. */
const SECRET_SEGMENT = /^\/(act|set-password)\/[^/?]+/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Whom a request acted for, where neither an API key (`actor`) nor a staff session (`staff`)
 * says it: a link's page and answer (logAbout).
 */
export interface LoggedAbout {
  tenant: string;
  actor: string;
  case: string;
}
const ABOUT = Symbol('the council, person and case a request was about');

type LoggedRequest = IncomingMessage & {
  originalUrl?: string;
  route?: { path?: unknown };
  params?: Record<string, string>;
  body?: unknown;
  actor?: Actor;
  /** A signed-in member of staff (StaffPageGuard). */
  staff?: { tenantId: string; person: { id: string } };
  [ABOUT]?: LoggedAbout;
};

/** Names on the request's log line the council, person and case it was about (ids only). */
export function logAbout(req: object, about: LoggedAbout): void {
  (req as LoggedRequest)[ABOUT] = about;
}

/** Routes whose `:id` is a case's, on the API and on the staff pages. */
const CASE_ROUTE = /^\/(api\/)?cases\/:id(\/|$)/;

/**
 * A request's path as a log may keep it: the query is dropped (calendar feeds carry their token
 * there) and a link's token becomes [token].
 */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(SECRET_SEGMENT, (_m, first: string) => `/${first}/[token]`);
}

/**
 * The process's root logger: one JSON line per entry, ISO times, and nothing that is a secret
 * even when a caller passes a whole object (authorisation, cookies, passwords, tokens).
 */
export function rootLogger(
  settings: Pick<Settings, 'LOG_LEVEL'>,
  role: string,
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  return pino(
    {
      level: settings.LOG_LEVEL,
      base: { service: 'ratify', role },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.token',
          '*.apiKey',
          '*.key',
          '*.csrf',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * The handler of `req.log`: a logger bound to the request's id, made only when something inside
 * the request logs. Its trap is a method of the class, so that a request costs this object and
 * its Proxy, not a closure and its context besides.
 */
class LazyChild implements ProxyHandler<Logger> {
  private child: Logger | undefined;
  constructor(
    private readonly logger: Logger,
    private readonly reqId: string,
  ) {}

  get(_target: Logger, key: string | symbol): unknown {
    const child = (this.child ??= this.logger.child({ reqId: this.reqId }));
    const value: unknown = Reflect.get(child, key, child);
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).bind(child)
      : value;
  }
}

/** What is known of a request once its response is finished, beside its method and path. */
function finishedProps(req: LoggedRequest) {
  const route = routeTemplate(req);
  const caseId = route && CASE_ROUTE.test(route) ? req.params?.id : undefined;
  const body = req.body as { type?: unknown } | undefined;
  // Who acted: an API key's person, else a signed-in member of staff, else a link's holder.
  const about = req[ABOUT];
  const staff = req.staff;
  return {
    route,
    tenant: req.actor?.tenantId ?? staff?.tenantId ?? about?.tenant,
    actor: req.actor
      ? req.actor.kind === 'person'
        ? req.actor.person.id
        : undefined
      : (staff?.person.id ?? about?.actor),
    case: caseId && UUID.test(caseId) ? caseId : about?.case,
    event:
      route === '/api/cases/:id/events' && typeof body?.type === 'string'
        ? body.type.slice(0, 64)
        : undefined,
  };
}

/**
 * One line per request when its response is finished: request id (an incoming X-Request-Id is
 * kept when it is plain, else a new one, echoed back), method, path without query or token,
 * route template, status, duration, and who asked (tenant and person, or none) with the case and
 * event where there is one. No header, cookie or body is written. Health probes are not logged.
 *
 * The line pino-http wrote, written by the root logger itself (so with its redaction): nothing is
 * built for a line the level leaves out, and `req.log` (which nestjs-pino binds to the request
 * for Nest's own logs) becomes a child logger only when one of them writes (issue #21).
 */
export function requestLogger(
  logger: Logger,
): (req: LoggedRequest, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const reqId =
      typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', reqId);
    // Where pino-http put them: the id for whoever reads it, the logger for nestjs-pino.
    const logged = req as LoggedRequest & { id?: string; log?: Logger };
    logged.id = reqId;
    logged.log = new Proxy(logger, new LazyChild(logger, reqId));
    if ((req.url ?? '').startsWith('/health/')) return next();
    const started = Date.now();
    const path = loggablePath(req.originalUrl ?? req.url);
    const method = req.method;
    let done = false;
    const finished = (err?: Error) => {
      if (done) return;
      done = true;
      res.off('close', finished);
      res.off('finish', finished);
      res.off('error', finished);
      const status = res.statusCode;
      const level = err || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const durationMs = Date.now() - started;
      const line = { reqId, req: { method, path }, ...finishedProps(req), res: { status } };
      const failure = err ?? (res as { err?: Error }).err;
      if (failure || status >= 500)
        logger[level](
          { ...line, err: failure ?? new Error(`failed with status code ${status}`), durationMs },
          'request failed',
        );
      else logger[level]({ ...line, durationMs }, 'request');
    };
    res.on('close', finished);
    res.on('finish', finished);
    res.on('error', finished);
    next();
  };
}
