import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { DirectoryExportUseCase } from '../../../libs/directory/import/directory-export.use-case';
import {
  directoryImportSchema,
  DirectoryImportUseCase,
} from '../../../libs/directory/import/directory-import.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { openApiOf } from './directory.dto';

const file = z.enum(['people', 'bodies', 'memberships']);
const problem = z.object({
  file,
  line: z.number().int().describe('the header is line 1'),
  column: z.string().nullable().describe('null: the whole line or file'),
  message: z.string(),
});
const importOutcome = z.object({
  imported: z.boolean().describe('true once written; a preview writes nothing'),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int().describe('lines that match the directory already'),
  lines: z.array(
    z.object({
      file,
      line: z.number().int(),
      action: z.enum(['added', 'changed', 'unchanged']),
      record: z.string().describe('the record in words'),
    }),
  ),
  problems: z.array(problem).describe('any problem, and nothing is written'),
});

/**
 * CSV import and export of the council's people, bodies and memberships (administrators). The
 * files are those the export writes; the API takes their text in JSON.
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory')
export class DirectoryImportController {
  constructor(
    private readonly importing: DirectoryImportUseCase,
    private readonly exporting: DirectoryExportUseCase,
  ) {}

  @Post('import/preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check CSV files and say what importing them would add and change, listing every problem by line and column; writes nothing',
  })
  @ApiBody({ schema: openApiOf(directoryImportSchema) })
  @ApiOkResponse({ schema: openApiOf(importOutcome, 'output') })
  preview(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.importing.preview(body, actor);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import CSV files in one transaction: all lines or none (422 INVALID_INPUT listing every problem); the same files again change nothing',
  })
  @ApiBody({ schema: openApiOf(directoryImportSchema) })
  @ApiOkResponse({ schema: openApiOf(importOutcome, 'output') })
  @ApiUnprocessableEntityResponse({
    description: 'problems by file, line and column in `lines`; nothing was written',
  })
  import(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.importing.import(body, actor);
  }

  @Get('export/:file')
  @ApiOperation({
    summary: 'Export people.csv, bodies.csv or memberships.csv, as the import reads them',
  })
  @ApiParam({ name: 'file', enum: ['people.csv', 'bodies.csv', 'memberships.csv'] })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the CSV file', schema: { type: 'string' } })
  async export(@Param('file') name: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { fileName, csv } = await this.exporting.export(name.replace(/\.csv$/, ''), actor);
    res.type('text/csv; charset=utf-8').attachment(fileName).send(csv);
  }
}
