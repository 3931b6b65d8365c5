import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import type { Clock } from '../../core/clock.service';
import { DomainError } from '../../errors/domain.errors';
import type { CsvFile, CsvProblem } from './directory-csv.service';

/** What a line did (or, in a preview, would do). */
export interface ImportedLine {
  file: CsvFile;
  line: number;
  action: 'added' | 'changed' | 'unchanged';
  /** The record in words: "Dr Ola Reid (ola.reid@example.org)". */
  record: string;
}

/** One import's transaction: every line is written by the directory's use cases in it. */
export interface ImportRun {
  /** The import's transaction, which the use cases write in (each line a savepoint of it). */
  m: EntityManager;
  clock: Clock;
  actor: Actor;
  tenantId: string;
  lines: ImportedLine[];
  problems: CsvProblem[];
}

/**
 * Runs one line's writes. A use case's refusal becomes the line's problems (by column, from the
 * fields the refusal names) and its writes are undone (each use case's transaction is a savepoint
 * of the import's), so that the next lines are still checked and every problem is listed.
 */
export async function lineWrite(
  run: ImportRun,
  at: { file: CsvFile; line: number },
  columnOf: Record<string, string>,
  write: () => Promise<void>,
): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const named = (e.extra.problems as { path: string; message: string }[] | undefined) ?? [];
    if (named.length === 0) run.problems.push({ ...at, column: null, message: e.detail });
    for (const p of named) {
      const [field, ...rest] = p.path.split('.');
      run.problems.push({
        ...at,
        column: columnOf[field] ?? null,
        message: rest.length > 0 ? `${rest.join('.')}: ${p.message}` : p.message,
      });
    }
    return false;
  }
}

/** The same value written twice in a file: the first line it was on, to name in the problem. */
export class FirstSeen {
  private readonly seen = new Map<string, number>();

  /** The line `key` was first on, or null (and `line` remembered) when it is new. */
  before(key: string, line: number): number | null {
    const first = this.seen.get(key);
    if (first !== undefined) return first;
    this.seen.set(key, line);
    return null;
  }
}
