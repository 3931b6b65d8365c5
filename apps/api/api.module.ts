import { Module } from '@nestjs/common';
import { CasesController } from './cases/cases.controller';
import { ApiKeyGuard } from './http/api-key.guard';
import { TemplatesController } from './templates/templates.controller';

/** HTTP: REST under /api. Wiring only. */
@Module({
  controllers: [CasesController, TemplatesController],
  providers: [ApiKeyGuard],
})
export class ApiModule {}
