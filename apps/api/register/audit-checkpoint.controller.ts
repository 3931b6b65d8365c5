import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MakeCheckpointUseCase } from '../../../libs/audit/make-checkpoint.use-case';
import { DecisionRegisterService } from '../../../libs/register/decision-register.service';
import { PageRenderer } from '../pages/page-renderer.service';

/**
 * The council's latest signed audit checkpoint, public beside its register (no sign-in): whoever
 * keeps a copy can later show that the record was not rewritten since (README, Security).
 */
@ApiExcludeController()
@Controller()
export class AuditCheckpointController {
  constructor(
    private readonly register: DecisionRegisterService,
    private readonly checkpoints: MakeCheckpointUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get('register/:tenant/audit-checkpoint.json')
  async latest(@Param('tenant') slug: string, @Res() res: Response) {
    const tenant = await this.register.tenantBySlug(slug);
    const checkpoint = tenant ? await this.checkpoints.latest(tenant.tenantId) : null;
    if (!checkpoint) return this.pages.html(res, 'not-found.njk', {}, 404);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(checkpoint);
  }
}
