import type { NextFunction, Request, Response } from 'express';

/**
 * What may be kept by a browser or a proxy: only what is the same for everyone and carries
 * nothing personal (GOV.UK assets, the public register and the API's documentation).
 */
const PUBLIC_PATHS = ['/assets/', '/stylesheets/', '/register/', '/api/docs'];

/**
 * `Cache-Control: no-store` on every other response: link pages carry a bearer token in their
 * address, a CSRF token and the person's name; receipts, certificates, signed-in pages and API
 * responses carry personal data. Nothing of them may stay in a shared cache or a browser's
 * history after the person has gone. A handler may still set its own (documents do).
 */
export function noStoreByDefault(req: Request, res: Response, next: NextFunction): void {
  if (!PUBLIC_PATHS.some((p) => req.path.startsWith(p) || `${req.path}/` === p)) {
    res.setHeader('Cache-Control', 'no-store');
  }
  next();
}
