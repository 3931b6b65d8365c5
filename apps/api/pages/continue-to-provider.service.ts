import type { Response } from 'express';
import type { PageRenderer } from './page-renderer.service';

/**
 * Sends the browser on to a provider's sign-in (an organisation's OpenID provider) after a form
 * was posted: by a page that goes there at once (a refresh of no delay, and a button if the
 * browser does not follow it), not by the POST's redirect. The pages' policy lets a form post
 * only to Ratify (`form-action 'self'`), and Chromium applies it to where the POST redirects too:
 * a 303 to the provider was blocked, and the button did nothing (found by the keyboard spec's
 * step-up row, which keeps the pages' own policy). No-store, as every page.
 */
export function continueToProvider(
  pages: PageRenderer,
  res: Response,
  to: { url: string; providerName: string },
): void {
  pages.html(res, 'continue-to-provider.njk', { url: to.url, providerName: to.providerName });
}
