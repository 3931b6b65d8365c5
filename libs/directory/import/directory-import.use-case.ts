import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { DomainError } from '../../errors/domain.errors';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { parseInput } from '../use-cases/directory-input.service';
import { CSV_FILE_NAMES, readCsv, type CsvFile, type CsvProblem } from './directory-csv.service';
import type { ImportedLine, ImportRun } from './directory-import-lines.service';
import { ImportBodiesService } from './import-bodies.service';
import { ImportMembershipsService } from './import-memberships.service';
import { ImportPeopleService } from './import-people.service';

/** A file's text at most: about 5,000 lines of a directory. */
export const MAX_CSV_CHARS = 1_000_000;

const csvText = (file: CsvFile) =>
  z
    .string({ message: `${file} is the text of ${file}.csv` })
    .max(MAX_CSV_CHARS, `${file}.csv is over 1 MB: import it in parts`)
    .optional()
    .describe(`the text of ${file}.csv, as exported`);

export const directoryImportSchema = z
  .object({
    people: csvText('people'),
    bodies: csvText('bodies'),
    memberships: csvText('memberships'),
  })
  .strict()
  .refine((i) => CSV_FILE_NAMES.some((f) => i[f] !== undefined && i[f].trim() !== ''), {
    message: 'give at least one file: people, bodies or memberships',
    path: ['people'],
  });

export interface DirectoryImportOutcome {
  /** True when the lines were written (an import with no problems); a preview writes nothing. */
  imported: boolean;
  added: number;
  changed: number;
  unchanged: number;
  lines: ImportedLine[];
  /** Every problem, by file, line and column; any problem and nothing is written. */
  problems: CsvProblem[];
}

/** An import refused: nothing was written; the problems name each line and column to fix. */
export class DirectoryImportRefusedError extends DomainError {
  constructor(readonly outcome: DirectoryImportOutcome) {
    const n = outcome.problems.length;
    super(
      'INVALID_INPUT',
      'The files are not valid',
      `Nothing was imported: fix the ${n === 1 ? 'problem' : `${n} problems`} listed, by file, line and column, and import the files again.`,
      {
        problems: outcome.problems.map((p) => ({
          path: `${p.file}.csv:${p.line}${p.column ? `:${p.column}` : ''}`,
          message: p.message,
        })),
        lines: outcome.problems,
      },
    );
  }
}

/** Thrown inside the transaction to undo a preview (or a refused import) once its outcome is known. */
class Undo extends Error {
  constructor(readonly outcome: DirectoryImportOutcome) {
    super('undone');
  }
}

/**
 * An administrator imports people, bodies and memberships from CSV files (as exported). Every line
 * goes through the directory's own use cases, in one transaction: people first, then bodies, then
 * seats, so that a seat may name a person or body the same import adds. Every problem of every
 * line is listed, and any problem writes nothing. A preview does the same and writes nothing; a
 * file that matches the directory changes nothing, and says so.
 */
@Injectable()
export class DirectoryImportUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: ImportPeopleService,
    private readonly bodies: ImportBodiesService,
    private readonly memberships: ImportMembershipsService,
  ) {}

  preview(input: unknown, actor: Actor): Promise<DirectoryImportOutcome> {
    return this.run(input, actor, false);
  }

  async import(input: unknown, actor: Actor): Promise<DirectoryImportOutcome> {
    const outcome = await this.run(input, actor, true);
    if (outcome.problems.length > 0) throw new DirectoryImportRefusedError(outcome);
    return outcome;
  }

  private async run(input: unknown, actor: Actor, write: boolean): Promise<DirectoryImportOutcome> {
    const files = parseInput(directoryImportSchema, input, 'import');
    try {
      return await this.ds.transaction(async (m) => {
        await this.access.administrator(m, actor, londonDate(this.clock.now()));
        const run: ImportRun = {
          m,
          clock: this.clock,
          actor,
          tenantId: actor.tenantId,
          lines: [],
          problems: [],
        };
        const read = Object.fromEntries(
          CSV_FILE_NAMES.filter((f) => files[f]?.trim()).map((f) => [f, readCsv(f, files[f]!)]),
        ) as Partial<Record<CsvFile, ReturnType<typeof readCsv>>>;
        for (const f of CSV_FILE_NAMES) run.problems.push(...(read[f]?.problems ?? []));
        if (read.people) await this.people.import(run, read.people.rows);
        if (read.bodies) await this.bodies.import(run, read.bodies.rows);
        if (read.memberships) await this.memberships.import(run, read.memberships.rows);
        const order = (p: { file: CsvFile; line: number }) =>
          CSV_FILE_NAMES.indexOf(p.file) * 1e7 + p.line;
        run.problems.sort((a, b) => order(a) - order(b));
        run.lines.sort((a, b) => order(a) - order(b));
        const count = (action: ImportedLine['action']) =>
          run.lines.filter((l) => l.action === action).length;
        const outcome: DirectoryImportOutcome = {
          imported: false,
          added: count('added'),
          changed: count('changed'),
          unchanged: count('unchanged'),
          lines: run.lines,
          problems: run.problems,
        };
        if (!write || run.problems.length > 0) throw new Undo(outcome);
        return { ...outcome, imported: true };
      });
    } catch (e) {
      if (e instanceof Undo) return e.outcome;
      throw e;
    }
  }
}
