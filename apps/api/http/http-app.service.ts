import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Settings } from '../../../libs/config/settings.service';
import { PageRenderer, repositoryRoot } from '../pages/page-renderer.service';
import { ProblemFilter } from './problem.filter';

/** Paths of the server-rendered pages, which get a strict, nonce-based Content-Security-Policy. */
const PAGE_PATHS = [
  '/act',
  '/dev',
  '/cases',
  '/meetings',
  '/admin',
  '/sign-in',
  '/sign-out',
  '/register',
];

/** HTTP concerns shared by `npm start` and the tests: body limits, errors, security headers, pages, docs. */
export function configureHttpApp(
  app: INestApplication,
  settings: Pick<Settings, 'LINK_RATE_LIMIT_PER_MINUTE'>,
): void {
  const express = app as NestExpressApplication;
  // Documents arrive base64 in JSON (10 MB of content); every other body is small.
  express.use(/^\/api\/cases\/[^/]+\/documents$/, json({ limit: '14mb' }));
  express.useBodyParser('json', { limit: '100kb' });
  express.useBodyParser('urlencoded', { limit: '20kb', extended: false });
  // Express 5 leaves the body undefined when no parser took the request (no body, text/plain):
  // every handler reads an empty form instead, and answers it with a 4xx.
  express.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body === undefined) req.body = {};
    next();
  });
  // Nest turns the parser's SyntaxError into a bare 400 that loses its type; keep the type so
  // that ProblemFilter answers MALFORMED_JSON.
  express.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const type = (err as { type?: string } | null)?.type;
    next(
      type === 'entity.parse.failed' ? Object.assign(new Error('malformed JSON'), { type }) : err,
    );
  });
  express.disable('x-powered-by');
  express.use(cookieParser());
  express.set('trust proxy', 'loopback');

  const nonce = (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  express.use(nonce);
  express.use(
    helmet({
      contentSecurityPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    }),
  );
  const pagesCsp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: [(_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  });
  express.use((req: Request, res: Response, next: NextFunction) =>
    PAGE_PATHS.some((p) => req.path.startsWith(p)) || req.path.endsWith('/certificate')
      ? pagesCsp(req, res, next)
      : next(),
  );

  const pages = app.get(PageRenderer);
  // Sign-in is rate-limited per address, never locked per account: a lockout lets anyone deny a colleague.
  express.use(
    '/sign-in',
    rateLimit({
      windowMs: 60_000,
      limit: 20,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => req.method !== 'POST',
      handler: (_req, res) => pages.html(res, 'too-many-requests.njk', {}, 429),
    }),
  );
  express.use(
    '/act',
    rateLimit({
      windowMs: 60_000,
      limit: settings.LINK_RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => pages.html(res, 'too-many-requests.njk', {}, 429),
    }),
  );

  const govuk = resolve(repositoryRoot(), 'node_modules/govuk-frontend/dist/govuk');
  express.useStaticAssets(resolve(govuk, 'assets'), { prefix: '/assets' });
  express.useStaticAssets(govuk, { prefix: '/stylesheets', index: false });

  app.useGlobalFilters(new ProblemFilter());
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ratify')
      .setDescription(
        'Workflow and approvals engine for lawful sign-off and delegated decisions. Errors are RFC 9457 problem+json.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
}
