import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemFilter } from './problem.filter';

/** HTTP concerns shared by `npm start` and the tests: body limits, errors, security headers, docs. */
export function configureHttpApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '100kb' });
  express.disable('x-powered-by');
  express.use((_req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
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
