import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ALLOWED_TYPES_IN_WORDS } from '../../../../libs/documents/content-sniffer.service';
import { DocumentRetentionUseCase } from '../../../../libs/documents/document-retention.use-case';
import { RetentionScheduleRepository } from '../../../../libs/documents/retention-schedule.repository';
import {
  DocumentSettings,
  sizeInWords,
} from '../../../../libs/documents/document-settings.service';
import { DOCUMENT_KINDS } from '../../../../libs/documents/document.entity';
import { DocumentRow, DocumentsRepository } from '../../../../libs/documents/documents.repository';
import {
  DocumentUnavailableError,
  ReadDocumentUseCase,
} from '../../../../libs/documents/read-document.use-case';
import {
  DocumentToUpload,
  UploadDocumentsUseCase,
} from '../../../../libs/documents/upload-documents.use-case';
import { CaseViewService } from '../../../../libs/engine/case-view.service';
import { DomainError, InvalidInputError } from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, formText, StaffPages, staffActor } from '../staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { sendDocument } from './document-response.service';
import { documentWords, KIND_WORDS } from './document-words.service';
import { receiveMultipart } from './multipart-form.service';
import { scopeOf } from '../../../../libs/core/tenant-scope';
import { versionConflictText } from '../forms/refusal-errors.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('CASE_NOT_FOUND', 'No such case', 'A case id is a UUID.'),
});

/** Upload slots on the page: one file or several at once. */
const SLOTS = [1, 2, 3];

/** What the documents page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  uploaded: 'The upload is complete',
  version: 'The new version is uploaded',
  held: 'The document is under legal hold',
  lifted: 'The legal hold is lifted',
};

interface FormState {
  done?: string;
  errors?: { text: string; href: string }[];
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

/**
 * A case's documents for staff: every version with who uploaded it, when, its size and SHA-256,
 * read or downloaded; officers upload one or several (GOV.UK file upload) and upload new versions.
 * The bytes stream to storage (multipart-form.service.ts); the use case checks and decides.
 */
@ApiExcludeController()
@Controller('cases')
export class CaseDocumentsController {
  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
    private readonly uploads: UploadDocumentsUseCase,
    private readonly reads: ReadDocumentUseCase,
    private readonly settings: DocumentSettings,
    private readonly retention: DocumentRetentionUseCase,
    private readonly schedule: RetentionScheduleRepository,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
  ) {}

  @Get(':id/documents')
  @StaffPage('officer', 'governance_lead')
  async list(
    @Param('id', uuid) id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const said = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
    await this.render(res, staff, id, null, { done: said });
  }

  @Post(':id/documents')
  async upload(@Param('id', uuid) id: string, @Req() req: Request, @Res() res: Response) {
    await this.receive(req, res, id, null);
  }

  @Get(':id/documents/:documentId/new-version')
  @StaffPage('officer')
  async newVersionForm(
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.render(res, staff, id, documentId, {});
  }

  @Post(':id/documents/:documentId/new-version')
  async newVersion(
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.receive(req, res, id, documentId);
  }

  /** Any version, for staff of the case's council: inline for PDF and images, else a download. */
  @Get(':id/documents/:documentId/content')
  @StaffPage('officer', 'governance_lead')
  async content(
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @CurrentStaff() staff: SignedInStaff,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      const served = await this.reads.forStaff(staff.tenantId, id, documentId);
      await sendDocument(res, served, req.method === 'HEAD' ? 'HEAD' : 'GET');
    } catch (e) {
      if (!(e instanceof DocumentUnavailableError)) throw e;
      this.pages.html(
        res,
        'documents/document-unavailable.njk',
        { staff, reason: e.reason, backHref: `/cases/${id}/documents` },
        e.reason === 'hash-mismatch' ? 409 : 404,
      );
    }
  }

  /** A governance lead places a legal hold on a document (all its versions), or lifts it. */
  @Post(':id/documents/:documentId/legal-hold')
  @StaffForm<CaseDocumentsController>(['governance_lead'], (c, { res, staff, params }) =>
    c.render(
      res,
      staff,
      params.id,
      null,
      { errors: [{ text: FORM_EXPIRED, href: `#hold-${params.documentId}` }] },
      403,
    ),
  )
  async legalHold(
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const field = `hold-${documentId}`;
    const lift = formText(body, 'action') === 'lift';
    try {
      if (lift) await this.retention.liftHold(staff.tenantId, id, documentId, staffActor(staff));
      else
        await this.retention.placeHold(
          staff.tenantId,
          id,
          documentId,
          formText(body, 'reason'),
          staffActor(staff),
        );
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'INVALID_INPUT') throw e;
      await this.render(
        res,
        staff,
        id,
        null,
        {
          errors: [
            { text: 'Enter why the document is held, in up to 500 characters', href: `#${field}` },
          ],
          fieldErrors: { [field]: 'Enter why the document is held, in up to 500 characters' },
          values: { [field]: formText(body, 'reason') },
        },
        422,
      );
      return;
    }
    res.redirect(303, `/cases/${id}/documents?done=${lift ? 'lifted' : 'held'}`);
  }

  /**
   * An upload, by hand rather than by StaffForm: its CSRF token is a field of the multipart body,
   * read as the files stream in, and a refused upload's body must still be drained.
   */
  private async receive(req: Request, res: Response, id: string, replaces: string | null) {
    const staff = await this.staffPages.require(req, res, ['officer']);
    if (!staff) {
      req.resume();
      return;
    }
    const form = await receiveMultipart(req, {
      maxFileBytes: this.settings.maxBytes,
      maxFiles: SLOTS.length,
    });
    try {
      if (form.broken) {
        await this.render(
          res,
          staff,
          id,
          replaces,
          {
            errors: [
              {
                text: 'The upload did not arrive whole: nothing was uploaded. Select the files and try again.',
                href: '#file1',
              },
            ],
          },
          400,
        );
        return;
      }
      if (!this.staffPages.csrfOk(staff, form.fields)) {
        await this.render(
          res,
          staff,
          id,
          replaces,
          {
            errors: [{ text: FORM_EXPIRED, href: '#file1' }],
          },
          403,
        );
        return;
      }
      const slots = replaces ? [1] : SLOTS;
      const documents: DocumentToUpload[] = slots
        .map((n) => ({
          title: form.fields[`title${n}`] ?? '',
          kind: form.fields[`kind${n}`] ?? '',
          file: form.files[`file${n}`] ?? null,
          fields: { title: `title${n}`, kind: `kind${n}`, file: `file${n}` },
        }))
        // A slot left wholly empty is not a document; the first always counts.
        .filter((d, i) => i === 0 || d.file || d.title.trim());
      try {
        await this.uploads.upload(id, staffActor(staff), {
          expectedVersion: Number(form.fields.expectedVersion) || 0,
          documents,
          replaces: replaces ?? undefined,
        });
      } catch (e) {
        if (e instanceof InvalidInputError) {
          const fieldErrors = Object.fromEntries(e.problems.map((p) => [p.path, p.message]));
          await this.render(
            res,
            staff,
            id,
            replaces,
            {
              errors: e.problems.map((p) => ({ text: p.message, href: `#${p.path}` })),
              fieldErrors,
              values: form.fields,
            },
            e.problems.some((p) => p.message.includes('smaller than')) ? 413 : 422,
          );
          return;
        }
        if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') {
          await this.render(
            res,
            staff,
            id,
            replaces,
            {
              errors: [
                {
                  text: versionConflictText('case'),
                  href: '#file1',
                },
              ],
              values: form.fields,
            },
            409,
          );
          return;
        }
        throw e;
      }
      res.redirect(303, `/cases/${id}/documents?done=${replaces ? 'version' : 'uploaded'}`);
    } finally {
      await form.discard();
    }
  }

  /** The documents page, with a form's errors and values. */
  async render(
    res: Response,
    staff: SignedInStaff,
    id: string,
    replaces: string | null,
    state: FormState,
    status = 200,
  ) {
    let c;
    try {
      c = await this.views.get(staff.tenantId, id);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CASE_NOT_FOUND') {
        this.pages.html(res, 'not-found.njk', { staff }, 404);
        return;
      }
      throw e;
    }
    const rows = await DocumentsRepository.ofCase(scopeOf(staff), this.ds.manager, id);
    const replacing = replaces ? rows.find((r) => r.id === replaces && !r.replacedBy) : null;
    if (replaces && !replacing) {
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return;
    }
    const schedule = await this.schedule.current(scopeOf(staff));
    const series = new Map<string, DocumentRow[]>();
    for (const r of rows) series.set(r.seriesId, [...(series.get(r.seriesId) ?? []), r]);
    const documents = [...series.values()].map((unordered) => {
      // By version, not time: two versions can carry the same instant (a test clock, a fast hand).
      const versions = [...unordered].sort((a, b) => a.version - b.version);
      const current = versions[versions.length - 1];
      const rule = schedule[current.kind];
      return {
        id: current.id,
        ...documentWords(current),
        retentionWords: `Kept ${rule.keepYears} years after the case closes (${rule.source}).`,
        holdField: `hold-${current.id}`,
        holdValue: state.values?.[`hold-${current.id}`] ?? '',
        holdError: state.fieldErrors?.[`hold-${current.id}`],
        versions: [...versions].reverse().map((v) => ({
          id: v.id,
          href: `/cases/${id}/documents/${v.id}/content`,
          sha256: v.sha256,
          ...documentWords(v),
        })),
      };
    });
    const values = state.values ?? {};
    const fe = state.fieldErrors ?? {};
    const err = (k: string) => (fe[k] ? { text: fe[k] } : undefined);
    this.pages.html(
      res,
      replacing ? 'documents/new-version.njk' : 'documents/case-documents.njk',
      {
        staff,
        c,
        documents,
        replacing: replacing ? documentWords(replacing) : null,
        canUpload: staff.role === 'officer' || staff.role === 'administrator',
        canHold: staff.role === 'governance_lead' || staff.role === 'administrator',
        limitWords: sizeInWords(this.settings.maxBytes),
        typesWords: ALLOWED_TYPES_IN_WORDS,
        done: state.done,
        errors: state.errors ?? [],
        slots: (replacing ? [1] : SLOTS).map((n) => ({
          n,
          title: values[`title${n}`] ?? (replacing ? replacing.name : ''),
          titleError: err(`title${n}`),
          fileError: err(`file${n}`),
          kindError: err(`kind${n}`),
          kinds: DOCUMENT_KINDS.map((k) => ({
            value: k,
            text: KIND_WORDS[k],
            checked: (values[`kind${n}`] ?? replacing?.kind) === k,
          })),
        })),
      },
      status,
    );
  }
}
