import { Controller, Get, Param, ParseUUIDPipe, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decisionNoticeResponse } from './decision-notice.dto';
import type { Response } from 'express';
import type { Actor } from '../../../libs/core/actor.dto';
import { ReadCaseUseCase } from '../../../libs/engine/read-case.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import type { DecisionNotice, RoleHolder } from '../../../libs/workflows/decision-notice';
import { templateOfView } from '../../../libs/workflows/case-template.service';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { PageRenderer } from '../pages/page-renderer.service';
import { noticeInWords } from './decision-notice.presenter';

const caseId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID: check the id.'),
});

/** The Decision Notice of a case (2012 Regulations reg 12), as JSON and as a printable page. */
@ApiTags('cases')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/cases')
export class DecisionNoticesController {
  constructor(
    private readonly reads: ReadCaseUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/decision-notice')
  @ApiOperation({ summary: 'The Decision Notice (reg 12 of the 2012 Regulations) as JSON' })
  @ApiOkResponse({ schema: decisionNoticeResponse })
  async json(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    const { notice, reference } = await this.notice(actor, id);
    return { ...notice, reference };
  }

  @Get(':id/decision-notice.html')
  @ApiOperation({ summary: 'The Decision Notice as a printable HTML page' })
  async html(@Param('id', caseId) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { notice, reference } = await this.notice(actor, id);
    this.pages.html(res, 'decision-notice.njk', {
      notice,
      reference,
      words: noticeInWords(notice),
    });
  }

  /** The notice as its template builds it, and the case's reference (docs/adr/0038) beside it. */
  private async notice(
    actor: Actor,
    id: string,
  ): Promise<{ notice: DecisionNotice; reference: string }> {
    // Read as the read policy allows: a case the person may not read does not exist for them.
    const view = await this.reads.get(actor, id);
    const refuse = (why: string) =>
      new DomainError('EVENT_NOT_ALLOWED', 'There is no Decision Notice for this case', why, {
        state: view.state.summary,
      });
    // Whether the case ends in a notice, and what it says, is its template's (`decisionNotice`).
    const template = templateOfView(view);
    if (!template.decisionNotice)
      throw refuse(`${view.template.title} cases do not end in a Decision Notice.`);
    const notice = template.decisionNotice({
      caseId: view.id,
      title: view.title,
      templateVersion: view.template.version,
      stateKey: view.state.key,
      context: view.context,
      roles: view.roles as Record<string, RoleHolder>,
    });
    if (!notice)
      throw refuse(
        `No decision has been taken on this case yet ("${view.state.summary}"): the notice exists once the decision maker records the decision.`,
      );
    return { notice, reference: view.reference };
  }
}
