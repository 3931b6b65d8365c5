import { ParseUUIDPipe } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../../libs/core/actor.dto';
import { bindTenant, currentTenantBinding } from '../../../libs/core/tenant-context.service';
import type { ReadCaseUseCase } from '../../../libs/engine/read-case.use-case';
import type { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { readEventBody } from './event-body.schema';
import { requestKeyHash, type ApiKeyGuard, type CaseReadWithKey } from '../http/api-key.guard';

/** A case's id in a path: a UUID, else no such case. */
export const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID: check the id.'),
});

export interface EventSending {
  sendEvent: SendEventUseCase;
  reads: ReadCaseUseCase;
}

/** POST /api/cases/:id/events once its caller is known: the body checked, sent, the case after. */
export async function sendOverHttp(
  use: EventSending,
  id: string,
  body: unknown,
  actor: Actor,
  read?: CaseReadWithKey,
) {
  const { type, as, payload, expectedVersion } = readEventBody(body);
  const sent = await use.sendEvent.send(id, { type, as, payload }, actor, {
    expectedVersion,
    reply: true,
    read,
  });
  return use.reads.afterSend(actor, sent);
}

/**
 * A 200 with `view` as JSON, the bytes and headers Express's res.json writes (Content-Type with
 * its charset, Content-Length, the weak ETag of the app's `etag fn`), in one socket write with the
 * head (issue #21). The JSON is encoded to UTF-8 once, and its length, ETag and write all read
 * those bytes: as a string it was measured for its length, encoded again for the ETag, joined to
 * the head and, being two-byte text (a role's label has a ’), copied flat on the heap and encoded
 * a third time by the write.
 */
export function replyJson(req: Request, res: Response, view: unknown): void {
  const body = Buffer.from(JSON.stringify(view));
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  const etag = req.app.get('etag fn') as ((body: Buffer, encoding: string) => string) | undefined;
  if (typeof etag === 'function') res.setHeader('ETag', etag(body, 'utf8'));
  res.end(body);
}

/** The route's template, as Express names the route it matched (logs and metrics read it). */
export const EVENTS_ROUTE = '/api/cases/:id/events';
/** As Express's router matches EVENTS_ROUTE: any case, a trailing slash or none. */
export const EVENTS_PATH = /^\/api\/cases\/([^/]+)\/events\/?$/i;

/**
 * POST /api/cases/:id/events answered as the last middleware, before Nest's router (docs/adr/0040,
 * issue #21): every middleware before it has run as for any route (request id and log line,
 * metrics, rate limit, body limits and parsing, text checks, security headers, the tenant scope),
 * or, for a JSON body without a cookie, those of them that act on it (event-lane.service.ts),
 * and it then does what Nest did for CasesController.send, in the same order: the API key (read
 * with the case), the id, the body, the send in the caller's council, the reply as Express's
 * res.json writes it, a refusal through the same ProblemFilter. Nest's guards, interceptors,
 * pipes and the router's walk of the routes are what is left out. The controller's route stays,
 * for the OpenAPI document. A change to ApiKeyGuard, TenantScopeInterceptor or a global filter or
 * pipe is a change here too.
 */
export function eventRoute(
  keys: ApiKeyGuard,
  use: EventSending,
  refuse: (req: Request, res: Response, error: unknown) => void,
) {
  const answer = answerEvent(keys, use, refuse);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const id = eventCaseId(req);
    if (id === undefined) return next();
    answer(req, res, id);
  };
}

/**
 * The case id in the route's path, decoded (eventRoute's match, and the lane's at the server's
 * door); undefined for another path or an id that does not decode, which the router answers.
 */
export function eventCaseId(req: Request): string | undefined {
  const match = EVENTS_PATH.exec(req.path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * The route once its path has matched and its id is decoded (eventRoute's, and the lane's, which
 * matched it at the server's door): what eventRoute's doc says, from the key to the reply.
 */
export function answerEvent(
  keys: ApiKeyGuard,
  use: EventSending,
  refuse: (req: Request, res: Response, error: unknown) => void,
) {
  return (req: Request, res: Response, id: string): void => {
    // Where Express's router puts them when it matches the route.
    Object.assign(req, { route: { path: EVENTS_ROUTE }, params: { id } });
    const keyed = req as Request & { actor?: Actor };
    const longWay = () =>
      keys
        .resolve(req.headers.authorization, id, requestKeyHash(req))
        .then(async ({ actor, caseRead }) => {
          keyed.actor = actor;
          const valid = (await caseId.transform(id, { type: 'param', data: 'id' })) as string;
          const body: unknown = req.body;
          // The scope the request is in (the lane's, or the long way's from its middleware): one
          // per request, bound here to the caller's council; outside any, nothing would bind it.
          if (!currentTenantBinding())
            throw new Error('the event route ran outside a tenant scope');
          bindTenant(actor.tenantId);
          return sendOverHttp(use, valid, body, actor, caseRead);
        });
    fromKept(keys, use, req, id)
      .then((kept) => {
        if (kept) {
          keyed.actor = kept.actor;
          return kept.view;
        }
        return longWay();
      })
      .then((view) => replyJson(req, res, view))
      .catch((e: unknown) => refuse(req, res, e));
  };
}

/**
 * The event sent from the case as this process's last write left it, with no read (issue #21):
 * for a key whose council this process knows, a body eventBody plainly takes, and a case the engine
 * keeps, the key judged from its row kept under the directory version that case was kept at
 * (ApiKeyGuard.keptActor, SendEventUseCase.sendFromKept). Undefined whenever any of it is not so,
 * or the write finds anything changed, nothing written: the route then goes as before, the key and
 * the case read and judged afresh, so that every refusal is the one it gave.
 */
async function fromKept(
  keys: ApiKeyGuard,
  use: EventSending,
  req: Request,
  id: string,
): Promise<{ actor: Actor; view: unknown } | undefined> {
  const hash = requestKeyHash(req);
  const council = hash === undefined ? undefined : keys.councilOf(hash);
  if (hash === undefined || council === undefined) return undefined;
  let event: ReturnType<typeof readEventBody>;
  try {
    event = readEventBody(req.body);
  } catch {
    return undefined;
  }
  if (!currentTenantBinding()) throw new Error('the event route ran outside a tenant scope');
  bindTenant(council);
  const { type, as, payload, expectedVersion } = event;
  const kept = await use.sendEvent.sendFromKept(
    council,
    id,
    { type, as, payload },
    (row, now) => keys.keptActor(hash, row, now),
    { expectedVersion, reply: true },
  );
  if (!kept) return undefined;
  return { actor: kept.actor, view: await use.reads.afterSend(kept.actor, kept.sent) };
}
