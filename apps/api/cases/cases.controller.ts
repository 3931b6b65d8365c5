import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { CertificateService } from '../../../libs/audit/certificate.service';
import { ResendEmailUseCase } from '../../../libs/notifications/resend-email.use-case';
import { AttachDocumentUseCase } from '../../../libs/documents/attach-document.use-case';
import { DocumentSettings } from '../../../libs/documents/document-settings.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { OpenCaseUseCase } from '../../../libs/engine/open-case.use-case';
import { ReadCaseUseCase } from '../../../libs/engine/read-case.use-case';
import { SendEventUseCase } from '../../../libs/engine/send-event.use-case';
import { asReference } from '../../../libs/governance/case-reference.service';
import { zodProblems } from '../../../libs/core/zod-problems.service';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { PageRenderer } from '../pages/page-renderer.service';
import { whenInWords } from '../pages/forms/words.service';
import { receiveMultipart } from '../pages/documents/multipart-form.service';
import { CASE_SCHEMAS } from './cases.dto';
import { caseId, sendOverHttp } from './event-route.service';

const listQuery = z
  .object({
    state: z
      .string()
      .regex(/^[A-Za-z.]+$/, 'state is a state name such as preSubmission or postSubmission.noting')
      .optional(),
    overdue: z.enum(['true', 'false'], { message: 'overdue must be true or false' }).optional(),
    awaiting: z.string().uuid('awaiting must be a person id').optional(),
    reference: z
      .string()
      .transform((t, ctx) => {
        const ref = asReference(t);
        if (!ref)
          ctx.addIssue({
            code: 'custom',
            message: 'reference is a case reference such as SCC-2026-0042',
          });
        return ref ?? t;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(200, 'limit must be at most 200').default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

/**
 * Translates HTTP to use cases and back; decides nothing. Every read goes through ReadCaseUseCase:
 * who may read which case, and what of it, is decided by libs/engine/case-read-policy.service.ts.
 */
@ApiTags('cases')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly openCase: OpenCaseUseCase,
    private readonly sendEvent: SendEventUseCase,
    private readonly reads: ReadCaseUseCase,
    private readonly documents: AttachDocumentUseCase,
    private readonly pages: PageRenderer,
    private readonly resender: ResendEmailUseCase,
    private readonly documentSettings: DocumentSettings,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a case on a workflow template, with its dates and role holders' })
  @ApiBody({ schema: CASE_SCHEMAS.openCase })
  @ApiCreatedResponse({ description: 'The case, opened', schema: CASE_SCHEMAS.case })
  async open(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const { caseId: id } = await this.openCase.open(body, actor);
    return this.reads.get(actor, id);
  }

  @Get()
  @ApiOperation({
    summary:
      'List cases: filter by state, overdue, the person awaited or the reference (officers and staff see every case; anyone else the cases they have a part in)',
  })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'reference', required: false, description: 'a case reference, SCC-2026-0042' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'awaiting', required: false, description: 'person id' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ schema: CASE_SCHEMAS.caseList })
  async list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    const q = listQuery.safeParse(query);
    if (!q.success)
      throw new InvalidInputError(
        'The filter is not valid: fix the fields listed in problems.',
        zodProblems(q.error),
      );
    const items = await this.reads.list(actor, {
      state: q.data.state,
      overdue: q.data.overdue === undefined ? undefined : q.data.overdue === 'true',
      awaitingPersonId: q.data.awaiting,
      reference: q.data.reference,
      limit: q.data.limit,
      offset: q.data.offset,
    });
    return { items, limit: q.data.limit, offset: q.data.offset };
  }

  @Get('by-reference/:reference')
  @ApiOperation({
    summary:
      'Read a case by its reference (SCC-2026-0042, any case): the same body as reading it by id',
  })
  @ApiOkResponse({ schema: CASE_SCHEMAS.case })
  getByReference(@Param('reference') reference: string, @CurrentActor() actor: Actor) {
    return this.reads.getByReference(actor, reference);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read a case: state in plain words, who is awaited, open deadlines, conditions',
  })
  @ApiOkResponse({ schema: CASE_SCHEMAS.case })
  get(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return this.reads.get(actor, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send an event to a case (the engine checks version, authority and state)',
  })
  @ApiBody({ schema: CASE_SCHEMAS.event })
  @ApiOkResponse({ description: 'The case after the event', schema: CASE_SCHEMAS.case })
  async send(@Param('id', caseId) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    // Answered by eventRoute (event-route.service.ts) before Nest's router; kept for the OpenAPI
    // document and answering the same, with the key and the case read apart.
    return sendOverHttp({ sendEvent: this.sendEvent, reads: this.reads }, id, body, actor);
  }

  @Post(':id/documents')
  @ApiOperation({
    summary:
      'Attach a document (base64, up to 10 MB), or replace one: outstanding links are voided and sent again',
  })
  @ApiBody({ schema: CASE_SCHEMAS.document })
  @ApiCreatedResponse({ schema: CASE_SCHEMAS.documentAttached })
  attachDocument(
    @Param('id', caseId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.documents.attach(id, body, actor);
  }

  @Post(':id/documents/upload')
  @ApiOperation({
    summary:
      'Upload a document as a file (multipart/form-data, streamed, up to DOCUMENT_MAX_MB, 25 MB by default), or replace one: outstanding links are voided and sent again',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: CASE_SCHEMAS.documentUpload })
  @ApiCreatedResponse({ schema: CASE_SCHEMAS.documentAttached })
  async uploadDocument(
    @Param('id', caseId) id: string,
    @Req() req: Request,
    @CurrentActor() actor: Actor,
  ) {
    // The key was checked by the guard before a byte of the body is read; the file goes to disk.
    const form = await receiveMultipart(req, {
      maxFileBytes: this.documentSettings.maxBytes,
      maxFiles: 1,
    });
    try {
      if (form.broken)
        throw new InvalidInputError(
          'The body is not a well-formed multipart/form-data form: send the fields and the file part named file.',
          [{ path: 'file', message: 'send a well-formed multipart/form-data body' }],
        );
      return await this.documents.attachFile(id, form.fields, form.files.file ?? null, actor);
    } finally {
      await form.discard();
    }
  }

  @Get(':id/documents')
  @ApiOperation({ summary: 'The case’s documents with their SHA-256, current and replaced' })
  @ApiOkResponse({ schema: CASE_SCHEMAS.documentList })
  async listDocuments(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return { documents: await this.reads.documentsOf(actor, id) };
  }

  @Post(':id/emails/:effectId/resend')
  @HttpCode(204)
  @ApiOperation({ summary: 'Resend an email that failed permanently (officers)' })
  @ApiBody({ schema: CASE_SCHEMAS.resend })
  @ApiNoContentResponse({ description: 'Queued again' })
  async resendEmail(
    @Param('id', caseId) id: string,
    @Param('effectId', caseId) effectId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const b = z.object({ expectedVersion: z.number().int().positive() }).strict().safeParse(body);
    if (!b.success)
      throw new InvalidInputError(
        'Give expectedVersion, the case version you read.',
        zodProblems(b.error),
      );
    await this.resender.resend(id, effectId, b.data.expectedVersion, actor);
  }

  @Get(':id/diagram.svg')
  @ApiOperation({
    summary:
      'The case’s workflow as an SVG picture: its current states marked, the states it passed through shaded',
  })
  async diagram(
    @Param('id', caseId) id: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const svg = await this.reads.diagram(actor, id);
    res.type('image/svg+xml; charset=utf-8').send(svg);
  }

  @Get(':id/certificate')
  @ApiOperation({
    summary:
      'Certificate of completion (printable HTML): every request, view, response, reminder and step',
  })
  async certificate(
    @Param('id', caseId) id: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const cert = await this.reads.certificate(actor, id);
    this.pages.html(res, 'certificate.njk', CertificateService.pageModel(cert, whenInWords));
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The case’s audit trail, oldest first' })
  @ApiOkResponse({ schema: CASE_SCHEMAS.auditTrail })
  async trail(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return { records: await this.reads.trail(actor, id) };
  }

  @Get(':id/audit/verify')
  @ApiOperation({ summary: 'Verify the case’s audit hash chain; reports the first broken record' })
  @ApiOkResponse({ schema: CASE_SCHEMAS.chainFinding })
  verify(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return this.reads.verify(actor, id);
  }
}
