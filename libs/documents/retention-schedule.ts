import type { DocumentKind } from './document.entity';

/** How long a kind of document is kept after its case closes, and the rule that says so. */
export interface RetentionRule {
  kind: DocumentKind;
  keepYears: number;
  source: string;
  /** Set by the council (who and when), or the statutory default. */
  setBy: { name: string; at: Date } | null;
}

const GDPR = 'then UK GDPR Article 5(1)(e), storage limitation';

/**
 * The statutory defaults, each with its source: the periods for which the law requires the
 * papers to be open to inspection, after which UK GDPR's storage limitation says keep personal
 * data no longer than needed. The law counts from the meeting or decision; Ratify counts from the
 * day the case closed, which is that day or later, so nothing goes early. A council's
 * administrators set their own periods (RetentionScheduleRepository), with their reason.
 */
export const STATUTORY_RETENTION: Record<DocumentKind, RetentionRule> = {
  plan: {
    kind: 'plan',
    keepYears: 6,
    source: `LGA 1972 s100C(1) and, for executive decisions, the Executive Arrangements (Meetings and Access to Information) Regulations 2012 reg 15: six years after the decision; ${GDPR}`,
    setBy: null,
  },
  report: {
    kind: 'report',
    keepYears: 6,
    source: `LGA 1972 s100C(1)(d): reports open to inspection for six years after the meeting; ${GDPR}`,
    setBy: null,
  },
  appendix: {
    kind: 'appendix',
    keepYears: 6,
    source: `LGA 1972 s100C(1)(d): an appendix is part of its report, six years after the meeting; ${GDPR}`,
    setBy: null,
  },
  part2Appendix: {
    kind: 'part2Appendix',
    keepYears: 6,
    source: `LGA 1972 s100C (exempt information, kept with the record of the decision): six years; ${GDPR}`,
    setBy: null,
  },
  backgroundPaper: {
    kind: 'backgroundPaper',
    keepYears: 4,
    source: `LGA 1972 s100D(2): background papers open to inspection for four years after the meeting; ${GDPR}`,
    setBy: null,
  },
};
