import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import nunjucks from 'nunjucks';
import { datesInWords } from './forms/words.service';

/** The repository root, found the same way from the sources (tests) and from dist (npm start). */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Server-rendered pages on the GOV.UK Design System (govuk-frontend's Nunjucks macros and CSS).
 * Every page gets the nonce of its Content-Security-Policy for the one inline script the GOV.UK
 * template carries.
 */
@Injectable()
export class PageRenderer {
  private readonly env: nunjucks.Environment;

  constructor() {
    const root = repositoryRoot();
    this.env = new nunjucks.Environment(
      new nunjucks.FileSystemLoader(
        [resolve(root, 'apps/api/views'), resolve(root, 'node_modules/govuk-frontend/dist')],
        {
          noCache: false,
        },
      ),
      { autoescape: true, throwOnUndefined: false },
    );
    // A case's summary, as its template wrote it ("deferred at its meeting of 2026-07-08"), in words.
    this.env.addFilter('datesInWords', (text: unknown) =>
      typeof text === 'string' ? datesInWords(text) : text,
    );
  }

  html(res: Response, template: string, context: Record<string, unknown>, status = 200): void {
    const nonce = (res.locals as { cspNonce?: string }).cspNonce;
    // The address's path (never its query) tells the layout which section of the service is current.
    const currentPath = res.req?.path;
    const body = this.env.render(template, {
      ...context,
      cspNonce: nonce,
      assetPath: '/assets',
      currentPath,
    });
    res.status(status).type('text/html; charset=utf-8').send(body);
  }
}
