import { Controller, Get, Header, Param, ParseIntPipe, Req, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { eventPayloadJsonSchema, eventPayloadSchemaName } from './event-payload-schemas';
import { templateListResponse, templateResponse } from './templates.dto';
import { DomainError } from '../../../libs/errors/domain.errors';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import { templateDiagrams } from '../../../libs/workflows/template-diagrams.service';
import { workflowSteps } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';

const version = new ParseIntPipe({
  exceptionFactory: () =>
    new DomainError(
      'TEMPLATE_NOT_FOUND',
      'No such template version',
      'A template version is a whole number, e.g. 1.',
    ),
});

/**
 * A released version's picture may be kept anywhere (it is the same for everyone and carries
 * nothing personal) and used for a day without asking again; after that, its ETag answers 304
 * unless a new release of the server draws it otherwise.
 */
const DIAGRAM_CACHE_CONTROL = 'public, max-age=86400, immutable';

/**
 * The catalogue of released templates, with their roles, dates, steps and diagram, and which
 * version of each new cases open on (`current`). Open without an API key: it is the code's
 * catalogue, the same for every council, with no case or person in it, and API clients read it
 * (payload schemas, which version is current) before they hold a key's rights to anything. The
 * diagram stays open with it, so that an <img> in a client's page or the API documentation can
 * show it (an image cannot send a bearer key); the staff pages show a case's own diagram
 * (/cases/:id/diagram.svg, signed in), not this one. Open work is bounded: an unknown template
 * or version is refused (404) before anything is drawn, and each released version is drawn at
 * most once a process (TemplateDiagrams), so no request can make the layout worker run again.
 */
@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  @Get()
  @ApiOperation({
    summary:
      'Released workflow templates and versions: roles, dates, steps in plain words, events, and which version new cases open on',
  })
  @ApiOkResponse({ schema: templateListResponse })
  list() {
    return listTemplates().map(describe);
  }

  @Get(':id/versions/:version')
  @ApiOperation({
    summary:
      'One released template version, each event’s payload as JSON Schema (events.<type>.payloadSchema)',
  })
  @ApiOkResponse({ schema: templateResponse })
  one(@Param('id') id: string, @Param('version', version) v: number) {
    return describe(this.find(id, v));
  }

  @Get(':id/versions/:version/diagram.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    summary:
      'The template’s statechart as an SVG picture: the same bytes for a released version (strong ETag; If-None-Match answers 304)',
  })
  @ApiOkResponse({ description: 'The picture, with its ETag' })
  @ApiNotModifiedResponse({ description: 'If-None-Match named the picture’s ETag' })
  @ApiNotFoundResponse({ description: 'No such released template version (TEMPLATE_NOT_FOUND)' })
  async diagram(
    @Param('id') id: string,
    @Param('version', version) v: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | undefined> {
    const { svg, etag } = await templateDiagrams.of(this.find(id, v));
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', DIAGRAM_CACHE_CONTROL);
    // Express's reading of If-None-Match against the ETag just set (RFC 9110's comparison).
    if (req.fresh) {
      res.status(304);
      return undefined;
    }
    return svg;
  }

  private find(id: string, v: number): WorkflowTemplate {
    const t = findTemplate(id, v);
    if (!t)
      throw new DomainError(
        'TEMPLATE_NOT_FOUND',
        'No such template version',
        `There is no released template "${id}" version ${v}: GET /api/templates lists them.`,
      );
    return t;
  }
}

function describe(t: WorkflowTemplate) {
  return {
    id: t.id,
    version: t.version,
    current: findTemplate(t.id)?.version === t.version,
    title: t.title,
    roles: Object.fromEntries(
      Object.entries(t.roles).map(([k, r]) => [k, { label: r.label, filledBy: r.binding }]),
    ),
    dates: t.dateFields ?? {},
    steps: workflowSteps(t.machine),
    events: Object.fromEntries(
      Object.entries(t.events).map(([k, e]) => [
        k,
        {
          description: e.description,
          sendableBy: e.sendableBy,
          payloadSchema: eventPayloadJsonSchema(t, k),
          payloadSchemaRef: `#/components/schemas/${eventPayloadSchemaName(t, k)}`,
        },
      ]),
    ),
    diagram: `/api/templates/${t.id}/versions/${t.version}/diagram.svg`,
  };
}
