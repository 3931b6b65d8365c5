import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../libs/core/actor.dto';
import { Clock } from '../../../libs/core/clock.service';
import { scopeOf } from '../../../libs/core/tenant-scope';
import { ExportAccess } from '../../../libs/export/export-access.service';
import { ExportCouncilUseCase } from '../../../libs/export/export-council.use-case';
import { ExportPersonUseCase } from '../../../libs/export/export-person.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { archiveName, sendArchive } from './archive-response.service';

const ARCHIVE = {
  description:
    'The archive, streamed (tar.gz): NDJSON files, document files and manifest.json last (docs/export-format.md). Check it with npm run export:verify.',
  content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
};

/** The council's records as an archive, for its administrators (docs/export-format.md). */
@ApiTags('export')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/exports')
export class ExportController {
  constructor(
    private readonly access: ExportAccess,
    private readonly council: ExportCouncilUseCase,
    private readonly person: ExportPersonUseCase,
    private readonly clock: Clock,
  ) {}

  @Get('council.tar.gz')
  @ApiOperation({
    summary:
      'Every record of the council (administrators): cases with events and audit chains, documents, meetings, directory, register; recorded as exported by you',
  })
  @ApiProduces('application/gzip')
  @ApiOkResponse(ARCHIVE)
  async exportCouncil(@CurrentActor() actor: Actor, @Res() res: Response) {
    const requestedBy = await this.access.requester(actor);
    await sendArchive(res, archiveName('records', this.clock.now()), (req) =>
      this.council.run({ ...req, scope: scopeOf(actor), requestedBy, channel: 'api' }),
    );
  }

  @Get('person.tar.gz')
  @ApiOperation({
    summary:
      'A subject access export (administrators): everything that names the person with this email, in the same format; recorded as exported by you',
  })
  @ApiQuery({ name: 'email', description: 'the person’s email as the directory holds it' })
  @ApiProduces('application/gzip')
  @ApiOkResponse(ARCHIVE)
  async exportPerson(
    @Query('email') email: unknown,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const requestedBy = await this.access.requester(actor);
    const asked = typeof email === 'string' ? email : '';
    await sendArchive(res, archiveName('person', this.clock.now()), (req) =>
      this.person.run({ ...req, scope: scopeOf(actor), requestedBy, channel: 'api' }, asked),
    );
  }
}
