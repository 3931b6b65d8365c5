import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (err?: unknown) => void;
type BodyParser = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** The Content-Types read here: what curl, fetch and the clients send; any other goes to the parser. */
const PLAIN_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);
/** A Content-Length as a client writes it: no sign, no leading zero, no spaces. */
const PLAIN_LENGTH = /^[1-9][0-9]{0,8}$/;
/** Where body-parser's strict JSON looks for the first character: JSON's own whitespace. */
const FIRST_CHAR = /^[ \t\n\r]*(.)/s;

/** An error as body-parser's read raises it: the problem filter answers by its type and status. */
function bodyError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type, status: 400, statusCode: 400, expose: true });
}

/**
 * The JSON body of the event lane's common request read here (issue #21), else by body-parser
 * (`parser`, the same instance the long way runs): a request with a Content-Length under the
 * limit, no Content-Encoding or Transfer-Encoding, a Content-Type of exactly `application/json`
 * (or with `; charset=utf-8`) and nothing read of it yet. Read as body-parser reads it (raw-body
 * with its UTF-8 decoder, which drops a byte-order mark; strict JSON, an object or an array), and
 * refused as it refuses: a body that is not strict JSON with its `entity.parse.failed`, one cut
 * off or of another length with a 400 its filter answers alike. Anything else (gzip, a charset in
 * other letters, no length, a length over the limit) is body-parser's, so its refusals stay its
 * own; event-lane-parity compares the lane's answers with the long way's, which always runs
 * body-parser.
 */
export function readJsonBody(parser: BodyParser, limit: number): BodyParser {
  return (req, res, next) => {
    const h = req.headers;
    const length = h['content-length'];
    if (
      length === undefined ||
      !PLAIN_LENGTH.test(length) ||
      Number(length) > limit ||
      h['content-encoding'] !== undefined ||
      h['transfer-encoding'] !== undefined ||
      !PLAIN_TYPES.has(h['content-type'] ?? '') ||
      readOrGone(req) ||
      'body' in req
    )
      return parser(req, res, next);
    readJson(req, Number(length), next);
  };
}

function readJson(req: IncomingMessage & { body?: unknown }, expected: number, next: Next): void {
  req.body = undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (err?: Error) => {
    if (settled) return;
    settled = true;
    req.off('aborted', onAborted);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
    if (err) {
      // As body-parser: the rest of the request is read off before the refusal.
      req.unpipe();
      req.pause();
      return dump(req, () => next(err));
    }
    let text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString();
    // raw-body's UTF-8 decoder (iconv-lite) drops a leading byte-order mark.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // body-parser takes a body left empty (a byte-order mark alone) for an empty object.
    if (text.length === 0) {
      req.body = {};
      return next();
    }
    const first = FIRST_CHAR.exec(text)?.[1];
    if (first !== '{' && first !== '[')
      return next(bodyError('entity.parse.failed', 'not strict JSON'));
    try {
      req.body = JSON.parse(text) as unknown;
    } catch (e) {
      return next(bodyError('entity.parse.failed', (e as Error).message));
    }
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () =>
    settle(
      received === expected
        ? undefined
        : bodyError('request.size.invalid', 'request size did not match content length'),
    );
  const onAborted = () => settle(bodyError('request.aborted', 'request aborted'));
  const onError = (e: Error) => settle(Object.assign(bodyError('request.error', e.message), e));
  const onClose = () => {
    if (!req.complete) onAborted();
  };
  req.on('aborted', onAborted);
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('close', onClose);
}

/** The request read off to its end, as body-parser's dump does, then `done`. */
function dump(req: IncomingMessage, done: () => void): void {
  if (readOrGone(req)) return done();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  req.once('end', once);
  req.once('close', once);
  req.resume();
}

/** What body-parser's on-finished takes for a request already read or gone. */
function readOrGone(req: IncomingMessage): boolean {
  return (
    (req as { upgrade?: boolean }).upgrade === true ||
    !req.socket?.readable ||
    (req.complete && !req.readable)
  );
}
