import type { Express, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { inTenantScope } from '../../../libs/core/tenant-context.service';
import { eventCaseId } from './event-route.service';

/** A body Express's JSON parser takes: `application/json`, with parameters or none. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** What the long way runs for this route and the lane runs too, the same instances, in this order. */
export interface EventLaneSteps {
  /** The JSON body: its common case read in one step, else the parser every route gets (100 kB). */
  json: RequestHandler;
  /** The parser's errors as the long way hands them to the problem filter (MALFORMED_JSON). */
  parserError: (err: unknown) => unknown;
  /** The text checks of the path, query and body (request-text.service.ts). */
  text: RequestHandler;
  /** The security headers of every response (helmet). */
  headers: RequestHandler;
  /** The route itself once its id is known (answerEvent, what eventRoute runs). */
  route: (req: Request, res: Response, id: string) => void;
  refuse: (req: Request, res: Response, error: unknown) => void;
}

/**
 * POST /api/cases/:id/events taken straight after the rate limit (docs/adr/0040, issue #21): for a
 * request the door gave it (laneAtTheDoor decides which, once), the steps of the long way that can
 * touch it run here, the same instances in the same order (the JSON body and its limit, its
 * common case read by json-body.service.ts and the rest by the same parser; the parser's errors,
 * the text checks, the security headers, a tenant scope of its own, the route), and the ~15
 * layers that cannot (the document upload gate, the form parser, cookies, the page
 * nonce and policy, the sign-in and link limits, the static files, the session's council) are not
 * walked. A step's error is refused as Nest's error handler would. A layer added to the long way
 * (http-app.service.ts) that must act on this route must be added here too.
 */
export function eventLane(
  steps: EventLaneSteps,
): (req: Request, res: Response, id: string) => void {
  const { json, parserError, text, headers, route, refuse } = steps;
  return (req, res, id) => {
    // None of these steps passes a request on without an error: each answers or calls next().
    json(req, res, (err?: unknown) => {
      if (err) return refuse(req, res, parserError(err));
      // As the long way: no body parsed is an empty one.
      if (req.body === undefined) req.body = {};
      text(req, res, (textErr?: unknown) => {
        if (textErr) return refuse(req, res, parserError(textErr));
        headers(req, res, (headerErr?: unknown) => {
          if (headerErr) return refuse(req, res, parserError(headerErr));
          inTenantScope(() => route(req, res, id));
        });
      });
    });
  };
}

/**
 * Whether the lane may take a request, from what is known before Express sets it up: a POST with
 * a JSON body (what Express's JSON parser takes) and no cookie (a session binds a council on the
 * long way). Anything else, a form, no body or a cookie, goes the long way, where eventRoute
 * answers it at the end as before.
 */
function laneMayTake(req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    req.headers.cookie === undefined &&
    JSON_TYPE.test(req.headers['content-type'] ?? '')
  );
}

/** Express's application as the server's request listener, with what it sets on a request. */
type ExpressApp = Express & { request: object; response: object };

/**
 * The lane taken at the server's door (issue #21, docs/adr/0040): a request the lane takes (a
 * POST to the route with a JSON body and no cookie, an id that decodes: decided here, once) is set
 * up as Express's app.handle and router set it up (the two prototypes, req.res and res.req,
 * res.locals, the original url, no base url, no params), and `before` (the steps every route runs
 * before the lane: the request id and log line, metrics, no-store, the API rate limit; the same
 * instances, in the same order) runs, then the lane with the decoded id; Express's router does not
 * walk its layers for it. Anything else goes to Express as before, the long way (a request whose
 * id does not decode too: eventRoute leaves it to the router, which answers it). A step's error
 * is refused as the lane refuses one. A layer added before the lane on the long way must be added
 * to `before`.
 */
export function laneAtTheDoor(
  server: Server,
  app: ExpressApp,
  before: RequestHandler[],
  lane: (req: Request, res: Response, id: string) => void,
  refuse: (req: Request, res: Response, error: unknown) => void,
  parserError: (err: unknown) => unknown,
): void {
  const listeners = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  // Said at start-up rather than left to a benchmark: a server that is not Express's alone.
  if (listeners.length !== 1 || listeners[0] !== app)
    throw new Error('the event lane expects Express as the only request listener');
  server.removeListener('request', app);
  server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (!laneMayTake(incoming)) return app(incoming, outgoing);
    const req = incoming as Request;
    const res = outgoing as Response;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    const id = eventCaseId(req);
    if (id === undefined) return app(req, res);
    req.res = res;
    res.req = req;
    res.locals ??= Object.create(null) as Response['locals'];
    req.originalUrl = req.url;
    req.baseUrl = '';
    req.params = {};
    let at = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== 'route')
        return refuse(req, res, parserError(err));
      const step = before[at++];
      if (step === undefined) return lane(req, res, id);
      step(req, res, next);
    };
    next();
  });
}
