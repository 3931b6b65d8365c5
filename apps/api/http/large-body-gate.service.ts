import type { NextFunction, Request, Response } from 'express';

/**
 * Lets at most `atOnce` large bodies be read and handled at the same time; the others wait their
 * turn, in order, unread (issue #21). A document sent over the API arrives as base64 in JSON (up to
 * 14 MB) and is held several times over while it is parsed and decoded: eight 12.7 MB bodies at
 * once took the API process from 230 to 500 MB; one at a time, with npm start's heap cap (ADR 0037),
 * from 157 to 244 MB. A waiting request costs only the socket's buffers: Node stops reading a request nobody consumes. A body of `smallBytes` or
 * less by its Content-Length (or none) is not large and passes straight on.
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
) {
  let reading = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    const turn = waiting.shift();
    if (turn) turn();
    else reading--;
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
    const leave = () => {
      clearTimeout(timer);
      const at = waiting.indexOf(turn);
      if (at < 0) return false;
      waiting.splice(at, 1);
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
    waiting.push(turn);
    res.once('close', leave);
  };
}
