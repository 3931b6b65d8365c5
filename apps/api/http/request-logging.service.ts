import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Settings } from '../../../libs/config/settings.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { routeTemplate } from '../../../libs/operations/metrics.registry';

/** Paths whose last segment is a secret (a one-time link's token): never written to a log. */
const SECRET_SEGMENT = /^\/(act|set-password)\/[^/?]+/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

type LoggedRequest = IncomingMessage & {
  id?: string | number;
  originalUrl?: string;
  route?: { path?: unknown };
  params?: Record<string, string>;
  body?: unknown;
  actor?: Actor;
};

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
 * One line per request when its response is finished: request id (an incoming X-Request-Id is
 * kept when it is plain, else a new one, echoed back), method, path without query or token,
 * route template, status, duration, and who asked (tenant and person, or none) with the case and
 * event where there is one. No header, cookie or body is written. Health probes are not logged.
 */
export function requestLogger(logger: Logger): HttpLogger<LoggedRequest> {
  const started = new WeakSet<IncomingMessage>();
  return pinoHttp<LoggedRequest>({
    logger,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
    serializers: {
      req: (req: { raw?: LoggedRequest } & LoggedRequest) => {
        const raw = req.raw ?? req;
        return { method: raw.method, path: loggablePath(raw.originalUrl ?? raw.url) };
      },
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    customProps: (req: LoggedRequest, _res: ServerResponse) => {
      // Called when the request arrives (nothing known yet) and when its response is finished.
      if (!started.has(req)) {
        started.add(req);
        return {};
      }
      const route = routeTemplate(req);
      const caseId = route?.startsWith('/api/cases/:id') ? req.params?.id : undefined;
      const body = req.body as { type?: unknown } | undefined;
      return {
        route,
        tenant: req.actor?.tenantId,
        actor: req.actor?.kind === 'person' ? req.actor.person.id : undefined,
        case: caseId && UUID.test(caseId) ? caseId : undefined,
        event:
          route === '/api/cases/:id/events' && typeof body?.type === 'string'
            ? body.type.slice(0, 64)
            : undefined,
      };
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'durationMs' },
  });
}
