/**
 * The one word rule of the register's search and the staff search (migration 1796443000000):
 * what separates words, written out as code points so that it is the same in any locale, in
 * PostgreSQL's regular expressions (words_of, word_of) and here. search-words.integration-spec
 * runs every code point through both.
 *
 * - Runs of text are separated by spaces of every kind: controls, ASCII and no-break spaces, the
 *   typographic and ideographic spaces, the zero-width space, line and paragraph separators.
 * - Within a run, punctuation and symbols separate its parts: ASCII's and Latin-1's, dashes and
 *   quotes of every kind (general punctuation), currency, arrows, mathematical and technical
 *   symbols, box drawing, shapes, dingbats, CJK and full-width punctuation, emoji.
 * - Every other character is part of a word: letters and digits of any script, combining accents.
 *
 * A text's words are each run without the punctuation at its ends ("2027–2030", "co-production",
 * "sd-2026-0001-c3") and each part of it ("2027", "2030", "co", "production"). A word typed is a
 * run, and finds a text with a word it begins or, when it has punctuation inside, a text each of
 * whose parts begins a word ("library-hours" finds "Library hours" as well as "library-hours",
 * as the register did when it split at ASCII punctuation). The database folds both alike (word_of):
 * lower case (Unicode's, PostgreSQL's builtin provider, whatever the database's locale); dashes
 * and slashes of every kind as "-" ("2026/27", "2026-27" and "2026–27" are one word); apostrophes
 * of every kind as "'"; at most 100 characters. Accents are kept ("café" is not "cafe").
 */

const SPACE =
  '\\u0001-\\u0020\\u007F-\\u00A0\\u1680\\u180E\\u2000-\\u200B\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
const PUNCTUATION =
  '\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E' +
  '\\u00A1-\\u00A9\\u00AB-\\u00B1\\u00B4\\u00B6-\\u00B8\\u00BB\\u00BF\\u00D7\\u00F7' +
  '\\u200C-\\u2027\\u202A-\\u202E\\u2030-\\u205E\\u2060-\\u206F\\u20A0-\\u20CF' +
  '\\u2190-\\u23FF\\u2500-\\u27BF\\u27C0-\\u27FF\\u2900-\\u2BFF\\u2E00-\\u2E7F' +
  '\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301F\\u3030\\uFE10-\\uFE19\\uFE30-\\uFE6B' +
  '\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\uFFE0-\\uFFEE\\uFFF9-\\uFFFD' +
  '\\u{1F000}-\\u{1FAFF}';

const RUNS = new RegExp(`[${SPACE}]+`, 'u');
const ENDS = new RegExp(`^[${PUNCTUATION}]+|[${PUNCTUATION}]+$`, 'gu');
const PARTS = new RegExp(`[${PUNCTUATION}]+`, 'u');

/** The runs of a text without the punctuation at their ends: the words a search box's text types. */
export function typedWords(text: string): string[] {
  return text
    .split(RUNS)
    .map((run) => run.replace(ENDS, ''))
    .filter((w) => w !== '');
}

/** The parts of a run between its punctuation ("library-hours": "library", "hours"). */
export function partsOf(run: string): string[] {
  return run.split(PARTS).filter((p) => p !== '');
}

/** Whether a word typed is a run with punctuation inside ("library-hours", "2026/27"). */
export function hasPartsInside(word: string): boolean {
  return partsOf(word).length > 1;
}

/**
 * A word typed as a search looks for it: a text in which each of `all` begins a word, or, with
 * `orRun`, a text with a word that run begins.
 */
export interface SearchedWord {
  /** The word as typed (a run). */
  run: string;
  all: string[];
  orRun?: string;
}

/**
 * A word typed as the searches look for it. A run with punctuation inside is found where it
 * begins a word or where each part begins a word; where the database keeps every part of a text
 * as a word (`partsAreWords`: typed_parts_are_words(), true in a UTF8 database) a text with a
 * word the run begins has a word each part begins too (the word's own parts, the rule and the
 * fold being the same character by character), so the parts alone find exactly those texts, and
 * each part is a plain condition an index serves. A run longer than word_of's 100 characters, or
 * a database that keeps some punctuation inside words (SQL_ASCII: bytes beyond ASCII), is looked
 * for both ways.
 */
export function searchedWord(word: string, partsAreWords: boolean): SearchedWord {
  const parts = partsOf(word);
  if (parts.length < 2) return { run: word, all: [word] };
  if (partsAreWords && [...word].length <= 100) return { run: word, all: parts };
  return { run: word, all: parts, orRun: word };
}

/** A text's words as the database keeps them (before word_of folds each): its runs and their parts. */
export function wordsOf(text: string): string[] {
  return typedWords(text).flatMap((run) => [run, ...partsOf(run)]);
}
