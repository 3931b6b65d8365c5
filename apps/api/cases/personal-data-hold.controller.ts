import { scopeOf } from '../../../libs/core/tenant-scope';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../../libs/core/actor.dto';
import { CaseReadersRepository } from '../../../libs/engine/case-readers.repository';
import {
  type HoldingRole,
  PersonalDataHoldUseCase,
} from '../../../libs/documents/personal-data-hold.use-case';
import type { HeldCase } from '../../../libs/documents/personal-data-hold.repository';
import { DomainError, NotAuthorisedError } from '../../../libs/errors/domain.errors';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { DataSource } from 'typeorm';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID: check the id.'),
});

const REASON_BODY = {
  type: 'object',
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
};

const HOLD_ANSWER = {
  type: 'object',
  properties: {
    held: { type: 'boolean' },
    hold: {
      type: 'object',
      nullable: true,
      properties: {
        reason: { type: 'string' },
        heldBy: { type: 'string', description: 'the name of who placed it' },
        heldAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};

const REFUSAL = {
  description:
    'INVALID_INPUT (no reason, or over 500 characters) or GOVERNANCE_RULE_BROKEN (PERSONAL_DATA_ALREADY_HELD, PERSONAL_DATA_NOT_HELD)',
};

/**
 * A legal hold on a case's personal data (docs/adr/0020), for administrators and governance
 * leads: read it, place it with a reason, release it with one. Each is on the case's audit chain.
 */
@ApiTags('cases')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/cases/:id/personal-data-hold')
export class PersonalDataHoldController {
  constructor(
    private readonly holds: PersonalDataHoldUseCase,
    private readonly ds: DataSource,
    private readonly readers: CaseReadersRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Whether the case’s personal data is held, why, by whom and since when',
  })
  @ApiOkResponse({ schema: HOLD_ANSWER })
  async show(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    await this.roleOf(actor);
    return answer(await this.holds.of(actor.tenantId, id));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Hold the case’s personal data with a reason (administrators, governance leads): retention disposes of none of it until released',
  })
  @ApiBody({ schema: REASON_BODY })
  @ApiOkResponse({ schema: HOLD_ANSWER })
  @ApiUnprocessableEntityResponse(REFUSAL)
  async place(
    @Param('id', caseId) id: string,
    @Body() body: { reason?: unknown } | undefined,
    @CurrentActor() actor: Actor,
  ) {
    await this.holds.place(actor.tenantId, id, body?.reason, actor, await this.roleOf(actor));
    return answer(await this.holds.of(actor.tenantId, id));
  }

  @Post('release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release the hold on the case’s personal data, with a reason' })
  @ApiBody({ schema: REASON_BODY })
  @ApiOkResponse({ schema: HOLD_ANSWER })
  @ApiUnprocessableEntityResponse(REFUSAL)
  async release(
    @Param('id', caseId) id: string,
    @Body() body: { reason?: unknown } | undefined,
    @CurrentActor() actor: Actor,
  ) {
    await this.holds.release(actor.tenantId, id, body?.reason, actor, await this.roleOf(actor));
    return answer(null);
  }

  /** Holds are an administrator's or a governance lead's: the key's person must be one. */
  private async roleOf(actor: Actor): Promise<HoldingRole> {
    const role =
      actor.kind === 'person'
        ? await this.readers.staffRole(scopeOf(actor), this.ds.manager, actor.person.id)
        : null;
    if (role === 'administrator' || role === 'governance_lead') return role;
    throw new NotAuthorisedError(
      'Only an administrator or a governance lead holds or releases a case’s personal data.',
    );
  }
}

function answer(hold: HeldCase | null) {
  return {
    held: hold !== null,
    hold: hold
      ? { reason: hold.reason, heldBy: hold.heldBy.name, heldAt: hold.heldAt.toISOString() }
      : null,
  };
}
