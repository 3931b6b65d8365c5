import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../../libs/core/actor.dto';
import { PauseCaseUseCase } from '../../../libs/engine/lifecycle/pause-case.use-case';
import { ReassignRoleUseCase } from '../../../libs/engine/lifecycle/reassign-role.use-case';
import { ResumeCaseUseCase } from '../../../libs/engine/lifecycle/resume-case.use-case';
import { WithdrawCaseUseCase } from '../../../libs/engine/lifecycle/withdraw-case.use-case';
import { ReadCaseUseCase } from '../../../libs/engine/read-case.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import {
  CASE_WITH_LIFECYCLE,
  LIFECYCLE_REFUSAL,
  PAUSE_SCHEMA,
  REASSIGN_SCHEMA,
  RESUME_SCHEMA,
  WITHDRAW_SCHEMA,
} from './case-lifecycle.dto';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID: check the id.'),
});

/**
 * The lifecycle around every case's workflow (ADR 0012): withdraw, pause, resume, reassign a role.
 * Officers act; the use cases decide and refuse; each answer is the case read again.
 */
@ApiTags('cases')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/cases/:id')
export class CaseLifecycleController {
  constructor(
    private readonly withdrawing: WithdrawCaseUseCase,
    private readonly pausing: PauseCaseUseCase,
    private readonly resuming: ResumeCaseUseCase,
    private readonly reassigning: ReassignRoleUseCase,
    private readonly reads: ReadCaseUseCase,
  ) {}

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Withdraw a case with a reason (officers): it closes, its open requests are voided and their holders told by email',
  })
  @ApiBody({ schema: WITHDRAW_SCHEMA })
  @ApiOkResponse({ schema: CASE_WITH_LIFECYCLE })
  @ApiUnprocessableEntityResponse({ schema: LIFECYCLE_REFUSAL })
  async withdraw(
    @Param('id', caseId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.withdrawing.withdraw(id, body, actor);
    return this.reads.get(actor, id);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pause a case with a reason (officers): it takes no events and its deadlines wait',
  })
  @ApiBody({ schema: PAUSE_SCHEMA })
  @ApiOkResponse({ schema: CASE_WITH_LIFECYCLE })
  @ApiUnprocessableEntityResponse({ schema: LIFECYCLE_REFUSAL })
  async pause(
    @Param('id', caseId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.pausing.pause(id, body, actor);
    return this.reads.get(actor, id);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resume a paused case (officers): its deadlines move on by the working days it was paused',
  })
  @ApiBody({ schema: RESUME_SCHEMA })
  @ApiOkResponse({ schema: CASE_WITH_LIFECYCLE })
  @ApiUnprocessableEntityResponse({ schema: LIFECYCLE_REFUSAL })
  async resume(
    @Param('id', caseId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.resuming.resume(id, body, actor);
    return this.reads.get(actor, id);
  }

  @Post('roles/:role/reassign')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Hand a role to another office or delegation (officers): the new holder is asked afresh, the old link voided',
  })
  @ApiBody({ schema: REASSIGN_SCHEMA })
  @ApiOkResponse({ schema: CASE_WITH_LIFECYCLE })
  @ApiUnprocessableEntityResponse({ schema: LIFECYCLE_REFUSAL })
  async reassign(
    @Param('id', caseId) id: string,
    @Param('role') role: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.reassigning.reassign(id, role, body, actor);
    return this.reads.get(actor, id);
  }
}
