/**
 * A problem a payload's zod schema found, as a page says it: the template's own words when it
 * wrote some ("keep the reasons under 4000 characters"), else, for zod's own English ("Too big:
 * expected array to have <=50 items", "Invalid input: expected string, received number"), a
 * sentence in the service's words that names the field and says what to do. No message of zod's
 * own reaches a page: it names types and operators, not the form in front of the person.
 */

/** What a sentence needs of a form's field: its words ("the conditions") and how it is asked. */
export interface ProblemField {
  words: string;
  kind: string;
}

/**
 * Zod's English messages (zod/v4/locales/en) and the engine's for an unknown field
 * (libs/core/zod-problems.service.ts): how they begin. Templates write theirs in lower case
 * ("give the reasons", "list at most 50 documents") or as a rule's code ("INQUORATE: …").
 */
const ZOD_OWN = /^(?:Invalid\b|Too (?:big|small):|Unrecognized keys?:|remove the unknown field)/;

/** "Too big: expected array to have <=50 items", "Too small: expected number to be >=1". */
const SIZE = /^Too (big|small): expected (\w+) to (?:have|be) ([<>]=?)(\d+)/;

/** Whether a message is zod's own, not a template's. */
export function isZodsOwnMessage(message: string): boolean {
  return ZOD_OWN.test(message);
}

const CHOSEN = ['choice', 'yesno', 'holder', 'condition'];

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The limit a bound states, as a whole count: "<50" is 49 or fewer, "<=50" is 50. */
function limitOf(op: string, n: number, big: boolean): number {
  if (op.length === 2) return n;
  return big ? n - 1 : n + 1;
}

/**
 * The sentence for zod's own message about `field`, `rest` the path below the field (a list's line
 * is its index). Lists are typed one item a line (event-form.presenter.ts), so they count lines.
 */
export function zodProblemInWords(
  field: ProblemField,
  rest: readonly (string | number)[],
  message: string,
): string {
  const Words = capitalised(field.words);
  const size = SIZE.exec(message);
  const line =
    typeof rest[0] === 'number' || /^\d+$/.test(String(rest[0] ?? ''))
      ? Number(rest[0]) + 1
      : undefined;
  if (size) {
    const [, bigOrSmall, origin, op, n] = size;
    const big = bigOrSmall === 'big';
    const limit = limitOf(op, Number(n), big);
    if (origin === 'array' || origin === 'set') {
      if (CHOSEN.includes(field.kind))
        return big
          ? `Choose ${limit} or fewer for ${field.words}`
          : `Choose at least ${limit} for ${field.words}`;
      return big
        ? `Enter ${limit} or fewer lines for ${field.words}, one on each line`
        : limit <= 1
          ? `Enter ${field.words}, one on each line`
          : `Enter at least ${limit} lines for ${field.words}, one on each line`;
    }
    const where = line ? `Line ${line} of ${field.words}` : Words;
    if (origin === 'string')
      return big
        ? `${where} must be ${limit} characters or fewer`
        : line
          ? `${where} is too short: enter at least ${limit} characters`
          : `Enter ${field.words}`;
    if (origin === 'number' || origin === 'int' || origin === 'bigint')
      return big ? `${where} must be ${limit} or less` : `${where} must be ${limit} or more`;
  }
  if (line) return `Check line ${line} of ${field.words} and enter it again`;
  if (CHOSEN.includes(field.kind)) return `Select ${field.words}`;
  return `Check ${field.words} and enter it again`;
}

/** What a form says of zod's own message about no field it shows. */
export const UNPLACED_ZOD_PROBLEM =
  'Something on this form could not be recorded as it was entered: check each answer and send it again';
