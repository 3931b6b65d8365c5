import type { NextFunction, Request, Response } from 'express';

/**
 * Lets at most `atOnce` large bodies be read and handled at the same time; the others wait their
 * turn, in order, unread (issue #21). A document sent over the API arrives as base64 in JSON (up to
 * 14 MB) and is held several times over while it is parsed and decoded: eight 12.7 MB bodies at
 * once took the API process from 230 to 500 MB; one at a time, with npm start's heap cap (ADR 0037),
 * from 157 to 244 MB. A waiting request costs only the socket's buffers: Node stops reading a request nobody consumes. A body of `smallBytes` or
 * less by its Content-Length (or none) is not large and passes straight on.
 *
 * Turns go round the councils waiting (`councilOf`), one each in turn and in order within each, so
 * that one council sending many documents at once does not hold up another's one.
 *
 * A turn ends when the response closes (answered, or the connection lost); a request whose
 * connection closes while it waits (the client gave up) leaves the queue without a turn. A request
 * still waiting after `maxWaitMs` leaves the queue and is answered by `busy`, unread: Node's
 * REQUEST_TIMEOUT_MS runs while it waits, so waiting longer would end in a 408 for a body that
 * never had its chance to arrive.
 */
export function largeBodyGate(
  atOnce: number,
  smallBytes: number,
  maxWaitMs: number,
  busy: (req: Request, res: Response) => void,
  councilOf: (req: Request) => string = () => '',
) {
  let reading = 0;
  // Each council's waiting requests in order; the councils in the order their turn comes round.
  const waiting = new Map<string, (() => void)[]>();
  const next = () => {
    const [council, queue] = waiting.entries().next().value ?? [];
    if (council === undefined || !queue) {
      reading--;
      return;
    }
    const turn = queue.shift()!;
    // Round the councils: one with more waiting goes to the back, behind the others.
    waiting.delete(council);
    if (queue.length > 0) waiting.set(council, queue);
    turn();
  };
  return (req: Request, res: Response, proceed: NextFunction) => {
    // A body of unknown length (chunked) may be large; none (a GET) is not.
    const length = Number(req.headers['content-length'] ?? 0);
    if (length <= smallBytes && req.headers['transfer-encoding'] === undefined) return proceed();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      next();
    };
    if (reading < atOnce) {
      reading++;
      res.once('close', end);
      return proceed();
    }
    const council = councilOf(req);
    const leave = () => {
      clearTimeout(timer);
      const queue = waiting.get(council);
      const at = queue ? queue.indexOf(turn) : -1;
      if (!queue || at < 0) return false;
      queue.splice(at, 1);
      if (queue.length === 0) waiting.delete(council);
      return true;
    };
    const turn = () => {
      clearTimeout(timer);
      res.once('close', end);
      proceed();
    };
    const timer = setTimeout(() => {
      if (leave()) busy(req, res);
    }, maxWaitMs);
    const queue = waiting.get(council);
    if (queue) queue.push(turn);
    else waiting.set(council, [turn]);
    res.once('close', leave);
  };
}
