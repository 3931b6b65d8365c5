import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CsvFile } from '../../../../libs/directory/import/directory-csv.service';
import { DirectoryExportUseCase } from '../../../../libs/directory/import/directory-export.use-case';
import {
  DirectoryImportRefusedError,
  DirectoryImportUseCase,
} from '../../../../libs/directory/import/directory-import.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { CurrentStaff, StaffPage } from '../staff-page.guard';
import { StaffPages, staffActor } from '../staff-pages.service';
import { DirectoryPages } from './directory-pages.service';
import { chosenFiles, readImportForm } from './import-form.service';
import {
  importDonePage,
  importPage,
  importPreviewPage,
  importProblemsPage,
  uploadErrors,
  type ImportErrorItem,
} from './import.presenter';

/**
 * /directory/import: an administrator imports people, bodies and memberships from CSV files and
 * exports them. The files are checked first (every problem by line and column, nothing written),
 * then shown as what they would add and change, then imported on confirmation, all or nothing,
 * through the same use case as /api/directory/import.
 */
@ApiExcludeController()
@Controller('directory/import')
export class ImportPagesController {
  constructor(
    private readonly importing: DirectoryImportUseCase,
    private readonly exporting: DirectoryExportUseCase,
    private readonly dir: DirectoryPages,
    private readonly staffPages: StaffPages,
  ) {}

  @Get()
  @StaffPage('administrator')
  async form(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.dir.html(res, 'directory/import.njk', importPage({ staff }));
  }

  @Get(':file')
  @StaffPage('administrator')
  async export(
    @Param('file') name: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const { fileName, csv } = await this.exporting.export(
        name.replace(/\.csv$/, ''),
        staffActor(staff),
      );
      res.type('text/csv; charset=utf-8').attachment(fileName).send(csv);
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  @Post('check')
  @StaffPage('administrator')
  async check(@CurrentStaff() staff: SignedInStaff, @Req() req: Request, @Res() res: Response) {
    const form = await this.read(staff, req, res);
    if (!form) return;
    const { files, errors } = form;
    if (errors.length > 0) return this.refuse(res, staff, errors);
    const outcome = await this.importing.preview(files, staffActor(staff));
    if (outcome.problems.length > 0)
      return this.dir.html(
        res,
        'directory/import.njk',
        importProblemsPage({ staff, outcome }),
        422,
      );
    this.dir.html(
      res,
      'directory/import-preview.njk',
      importPreviewPage({ staff, files, outcome }),
    );
  }

  @Post()
  @StaffPage('administrator')
  async confirm(@CurrentStaff() staff: SignedInStaff, @Req() req: Request, @Res() res: Response) {
    const form = await this.read(staff, req, res);
    if (!form) return;
    const { files, errors } = form;
    if (errors.length > 0) return this.refuse(res, staff, errors);
    try {
      const outcome = await this.importing.import(files, staffActor(staff));
      this.dir.html(res, 'directory/import-done.njk', importDonePage({ staff, outcome }));
    } catch (e) {
      // The directory changed since the files were checked: nothing was written.
      if (e instanceof DirectoryImportRefusedError)
        return this.dir.html(
          res,
          'directory/import.njk',
          importProblemsPage({ staff, outcome: e.outcome }),
          422,
        );
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  /**
   * The posted form, with the session's CSRF token: the files chosen (or their text, carried by
   * the confirm step), and what is wrong with the form itself. The form is multipart, so its
   * token is read with the files, not by @StaffForm; without it the answer is "the form has
   * expired" and nothing is read on.
   */
  private async read(
    staff: SignedInStaff,
    req: Request,
    res: Response,
  ): Promise<{ files: Partial<Record<CsvFile, string>>; errors: ImportErrorItem[] } | null> {
    const form = await readImportForm(req);
    if (!this.staffPages.csrfOk(staff, form.fields)) {
      this.dir.expired(res, staff);
      return null;
    }
    const files = chosenFiles(form);
    return { files, errors: uploadErrors(form.tooLarge, Object.keys(files).length) };
  }

  /** The form again, saying what is wrong with it (a file too large, none chosen). */
  private refuse(res: Response, staff: SignedInStaff, errors: ImportErrorItem[]) {
    this.dir.html(res, 'directory/import.njk', importPage({ staff, errors }), 422);
  }
}
