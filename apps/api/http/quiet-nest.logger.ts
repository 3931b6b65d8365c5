import { Logger as PinoNestLogger, PinoLogger, type Params } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Nest's start-up chatter (a line per module and per route, some 80 lines): kept at debug. */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's own logs through pino, with the request's id when logged inside a request. */
export class QuietNestLogger extends PinoNestLogger {
  constructor(root: Logger) {
    const params: Params = { pinoHttp: { logger: root } };
    super(new PinoLogger(params), params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && CHATTY.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
