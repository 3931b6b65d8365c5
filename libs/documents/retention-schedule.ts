import { z } from 'zod';
import { DOCUMENT_KINDS, DocumentKind } from './document.entity';

/** How long a kind of document is kept after its case closes, and the rule that says so. */
export interface RetentionRule {
  kind: DocumentKind;
  keepYears: number;
  source: string;
}

/**
 * The statutory defaults. Reports and the papers they rest on must be open to inspection for six
 * years after the meeting or decision (Local Government Act 1972 s100C(1) and s100D(2) read with
 * the Executive Arrangements Regulations 2012 reg 14), and after that UK GDPR's storage
 * limitation (Article 5(1)(e)) says keep personal data no longer than needed. Exempt (Part 2)
 * papers follow the same period. A council changes any of them with DOCUMENT_RETENTION_YEARS.
 */
export const STATUTORY_RETENTION: Record<DocumentKind, RetentionRule> = {
  plan: {
    kind: 'plan',
    keepYears: 6,
    source: 'LGA 1972 s100C(1): six years after the decision; then UK GDPR Art 5(1)(e)',
  },
  report: {
    kind: 'report',
    keepYears: 6,
    source: 'LGA 1972 s100C(1)(d): six years after the decision; then UK GDPR Art 5(1)(e)',
  },
  appendix: {
    kind: 'appendix',
    keepYears: 6,
    source: 'LGA 1972 s100D: background papers, six years; then UK GDPR Art 5(1)(e)',
  },
  part2Appendix: {
    kind: 'part2Appendix',
    keepYears: 6,
    source: 'LGA 1972 s100C(1) (exempt information): six years; then UK GDPR Art 5(1)(e)',
  },
};

const override = z
  .string()
  .regex(
    new RegExp(
      `^((${DOCUMENT_KINDS.join('|')})=\\d{1,3})(,(${DOCUMENT_KINDS.join('|')})=\\d{1,3})*$`,
    ),
    `DOCUMENT_RETENTION_YEARS must read like plan=6,report=6,appendix=6,part2Appendix=6 (kinds: ${DOCUMENT_KINDS.join(', ')})`,
  );

/**
 * The schedule in force: the statutory defaults, with the council's own periods from the
 * DOCUMENT_RETENTION_YEARS setting (e.g. "appendix=8") in their place, said to be the council's.
 */
export function retentionSchedule(
  setting: string | undefined,
): Record<DocumentKind, RetentionRule> {
  const schedule = { ...STATUTORY_RETENTION };
  if (!setting) return schedule;
  const parsed = override.safeParse(setting.replace(/\s/g, ''));
  if (!parsed.success) throw new Error(parsed.error.issues[0].message);
  for (const pair of parsed.data.split(',')) {
    const [kind, years] = pair.split('=') as [DocumentKind, string];
    schedule[kind] = {
      kind,
      keepYears: Number(years),
      source: `the council's retention schedule (DOCUMENT_RETENTION_YEARS): ${years} years after the case closed`,
    };
  }
  return schedule;
}
