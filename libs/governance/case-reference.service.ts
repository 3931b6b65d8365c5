import { z } from 'zod';

/**
 * A case's reference, the name people find and quote it by (docs/adr/0038): the council's prefix,
 * the year the case opened (London) and its number in that council's year, at least four digits:
 * "SCC-2026-0042". The prefix is the council's own (its settings, `caseReferences.prefix`); a
 * council that has set none gets the initials of its name.
 */

/** 2 to 10 capital letters and digits, starting with a letter: the part before the first hyphen. */
export const referencePrefixSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9]{1,9}$/,
    'use 2 to 10 capital letters or digits, starting with a letter, for example SCC',
  );

/** The council's settings for its references: a prefix, or none to use its name's initials. */
export const caseReferenceSettingsSchema = z
  .object({ prefix: referencePrefixSchema.optional() })
  .strict();

/** Words a council's initials leave out: "Royal Borough of Kingston" is RBK. */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'upon', 'on', 'in', 'for', '&']);

/**
 * The prefix a council gets until its administrators choose one: the initials of its name's
 * words ("Southampton City Council" is SCC), or its first three letters when the name is one
 * word, or "CASE" when it has no letters at all.
 */
export function defaultReferencePrefix(councilName: string): string {
  const words = councilName
    .split(/[\s-]+/)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, ''))
    .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()));
  const initials = words
    .map((w) => w[0])
    .join('')
    .toUpperCase()
    .replace(/^[0-9]+/, '')
    .slice(0, 10);
  if (initials.length >= 2) return initials;
  const letters = councilName.replace(/[^A-Za-z]/g, '').toUpperCase();
  return letters.length >= 2 ? letters.slice(0, 3) : 'CASE';
}

/** The prefix in force: the council's own, or its name's initials. */
export function referencePrefix(
  settings: { caseReferences?: { prefix?: string } },
  councilName: string,
): string {
  return settings.caseReferences?.prefix ?? defaultReferencePrefix(councilName);
}

/** "SCC-2026-0042": the prefix, the year and the number, at least four digits. */
export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * Whether text is shaped like a reference (any case, spaces around it ignored); the reference
 * itself in capitals, or null. Search and /cases/by-reference read typed text with it.
 */
export function asReference(text: string): string | null {
  const t = text.trim().toUpperCase();
  return /^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{4,}$/.test(t) ? t : null;
}

/** What is wrong with a prefix, in words; null when it can be used. */
export function councilSettingsPrefixProblem(prefix: string): string | null {
  const checked = referencePrefixSchema.safeParse(prefix);
  return checked.success ? null : checked.error.issues[0].message;
}
