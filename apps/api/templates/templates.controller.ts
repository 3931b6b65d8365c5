import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listTemplates } from '../../../libs/workflows/template.registry';

@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  @Get()
  @ApiOperation({ summary: 'Released workflow templates, their roles and events' })
  list() {
    return listTemplates().map((t) => ({
      id: t.id,
      version: t.version,
      title: t.title,
      roles: Object.fromEntries(
        Object.entries(t.roles).map(([k, r]) => [k, { label: r.label, filledBy: r.binding }]),
      ),
      events: Object.fromEntries(
        Object.entries(t.events).map(([k, e]) => [
          k,
          { description: e.description, sendableBy: e.sendableBy },
        ]),
      ),
    }));
  }
}
