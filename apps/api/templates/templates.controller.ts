import { Controller, Get, Header, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { eventPayloadJsonSchema, eventPayloadSchemaName } from './event-payload-schemas';
import { templateListResponse, templateResponse } from './templates.dto';
import { DomainError } from '../../../libs/errors/domain.errors';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import { renderWorkflowDiagram } from '../../../libs/workflows/workflow-diagram.service';
import { workflowSteps } from '../../../libs/workflows/workflow-steps.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';

const version = new ParseIntPipe({
  exceptionFactory: () =>
    new DomainError(
      'UNKNOWN_TEMPLATE',
      'No such template version',
      'A template version is a whole number, e.g. 1.',
    ),
});

/**
 * The catalogue of released templates, with their roles, dates, steps and diagram, and which
 * version of each new cases open on (`current`).
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
  @ApiOperation({ summary: 'The template’s statechart as an SVG picture' })
  diagram(@Param('id') id: string, @Param('version', version) v: number) {
    const t = this.find(id, v);
    return renderWorkflowDiagram(t.machine, `${t.title} (version ${t.version})`);
  }

  private find(id: string, v: number): WorkflowTemplate {
    const t = findTemplate(id, v);
    if (!t)
      throw new DomainError(
        'UNKNOWN_TEMPLATE',
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
