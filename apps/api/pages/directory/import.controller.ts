import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CsvFile, CsvProblem } from '../../../../libs/directory/import/directory-csv.service';
import { DirectoryExportUseCase } from '../../../../libs/directory/import/directory-export.use-case';
import type { ImportedLine } from '../../../../libs/directory/import/directory-import-lines.service';
import {
  DirectoryImportRefusedError,
  DirectoryImportUseCase,
  type DirectoryImportOutcome,
} from '../../../../libs/directory/import/directory-import.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { CurrentStaff, StaffPage } from '../staff-page.guard';
import { StaffPages, staffActor } from '../staff-pages.service';
import { DirectoryPages, said } from './directory-pages.service';
import { readImportForm, type ImportForm } from './import-form.service';

const FILES: CsvFile[] = ['people', 'bodies', 'memberships'];
const FILE_WORDS: Record<CsvFile, { label: string; one: string; many: string }> = {
  people: { label: 'People (people.csv)', one: 'person', many: 'people' },
  bodies: { label: 'Bodies (bodies.csv)', one: 'body', many: 'bodies' },
  memberships: { label: 'Memberships (memberships.csv)', one: 'membership', many: 'memberships' },
};
const ACTION_WORDS: Record<ImportedLine['action'], string> = {
  added: 'Added',
  changed: 'Changed',
  unchanged: 'Unchanged',
};

/** "3 people", "1 body". */
const counted = (n: number, file: CsvFile) =>
  `${n} ${n === 1 ? FILE_WORDS[file].one : FILE_WORDS[file].many}`;

/** A problem in the error summary: which file, line and column, then what to fix. */
function problemItem(p: CsvProblem) {
  const where = `${p.file}.csv, line ${p.line}${p.column ? ` (${p.column})` : ''}`;
  return { text: `${where}: ${said(p.message)}`, href: `#${p.file}` };
}

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
    this.showForm(res, staff, [], {});
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
    if (errors.length > 0) return this.showForm(res, staff, errors, {}, 422);
    const outcome = await this.importing.preview(files, staffActor(staff));
    if (outcome.problems.length > 0) return this.showProblems(res, staff, outcome);
    this.dir.html(res, 'directory/import-preview.njk', {
      staff,
      files,
      ...this.summary(outcome),
      toWrite: outcome.added + outcome.changed > 0,
    });
  }

  @Post()
  @StaffPage('administrator')
  async confirm(@CurrentStaff() staff: SignedInStaff, @Req() req: Request, @Res() res: Response) {
    const form = await this.read(staff, req, res);
    if (!form) return;
    const { files, errors } = form;
    if (errors.length > 0) return this.showForm(res, staff, errors, {}, 422);
    try {
      const outcome = await this.importing.import(files, staffActor(staff));
      this.dir.html(res, 'directory/import-done.njk', { staff, ...this.summary(outcome) });
    } catch (e) {
      // The directory changed since the files were checked: nothing was written.
      if (e instanceof DirectoryImportRefusedError) return this.showProblems(res, staff, e.outcome);
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
  ): Promise<{
    files: Partial<Record<CsvFile, string>>;
    errors: { text: string; href: string }[];
  } | null> {
    const form: ImportForm = await readImportForm(req);
    if (!this.staffPages.csrfOk(staff, form.fields)) {
      this.dir.expired(res, staff);
      return null;
    }
    const files: Partial<Record<CsvFile, string>> = {};
    const errors: { text: string; href: string }[] = [];
    for (const f of FILES) {
      if (form.tooLarge.includes(f))
        errors.push({ text: `The ${f}.csv file must be smaller than 1 MB`, href: `#${f}` });
      const text = form.files[f]?.text ?? form.fields[f];
      if (text?.trim()) files[f] = text;
    }
    if (errors.length === 0 && Object.keys(files).length === 0)
      errors.push({
        text: 'Choose a CSV file of people, bodies or memberships to import',
        href: '#people',
      });
    return { files, errors };
  }

  private showForm(
    res: Response,
    staff: SignedInStaff,
    errors: { text: string; href: string }[],
    perFile: Partial<Record<CsvFile, string>>,
    status = 200,
    errorsAbout?: string,
  ) {
    this.dir.html(
      res,
      'directory/import.njk',
      {
        staff,
        errors,
        errorsAbout,
        uploads: FILES.map((f) => ({
          id: f,
          name: f,
          label: { text: FILE_WORDS[f].label, classes: 'govuk-label--s' },
          attributes: { accept: '.csv,text/csv' },
          errorMessage:
            (perFile[f] ?? errors.find((e) => e.href === `#${f}`))
              ? { text: perFile[f] ?? errors.find((e) => e.href === `#${f}`)!.text }
              : undefined,
        })),
        exports: FILES.map((f) => ({ href: `/directory/import/${f}.csv`, text: `${f}.csv` })),
      },
      status,
    );
  }

  private showProblems(res: Response, staff: SignedInStaff, outcome: DirectoryImportOutcome) {
    const perFile: Partial<Record<CsvFile, string>> = {};
    for (const f of FILES) {
      const n = outcome.problems.filter((p) => p.file === f).length;
      if (n > 0)
        perFile[f] =
          `${f}.csv has ${n === 1 ? 'a problem' : `${n} problems`}: fix ${n === 1 ? 'it' : 'them'} and choose the file again`;
    }
    const n = outcome.problems.length;
    this.showForm(
      res,
      staff,
      outcome.problems.map(problemItem),
      perFile,
      422,
      `Nothing was imported. Fix ${n === 1 ? 'this line' : `these ${n} lines`} in your files and choose them again.`,
    );
  }

  /** What the lines add, change and leave as they are, in words, for the preview and the result. */
  private summary(outcome: DirectoryImportOutcome) {
    const groups = (['added', 'changed'] as const).flatMap((action) =>
      FILES.map((file) => {
        const lines = outcome.lines.filter((l) => l.file === file && l.action === action);
        return {
          heading: `${ACTION_WORDS[action]}: ${counted(lines.length, file)}`,
          records: lines.map((l) => said(l.record)),
        };
      }).filter((g) => g.records.length > 0),
    );
    return {
      groups,
      added: outcome.added,
      changed: outcome.changed,
      unchanged: outcome.unchanged,
    };
  }
}
