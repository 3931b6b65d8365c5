import { DOCUMENT_KINDS, type DocumentKind } from './document.entity';

/**
 * Personal data a closed case keeps besides its documents' content (the approvers' names stay in
 * the directory, whose people have their own record; responses and their comments are the
 * decision's record on the audit chain, which no disposal touches):
 * - `linkEvidence`: the IP address and browser of each opening of an emailed link and of each
 *   answer (kept beside the audit chain, which holds only a commitment to it: docs/adr/0020), and
 *   of the step-up before an answer the address the code went to, the email a sign-in proved, the
 *   browser's key and the sign-in's state, nonce, verifier and code hash;
 * - `emailRecipients`: the email addresses (and the person's other details) in each sent email of
 *   the outbox, and a delivery error's words, which may quote the address.
 */
export const PERSONAL_DATA_KINDS = ['linkEvidence', 'emailRecipients'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Every kind of record the schedule keeps a period for. */
export const RECORD_KINDS = [...DOCUMENT_KINDS, ...PERSONAL_DATA_KINDS] as const;
export type RecordKind = DocumentKind | PersonalDataKind;

export function isPersonalDataKind(kind: string): kind is PersonalDataKind {
  return (PERSONAL_DATA_KINDS as readonly string[]).includes(kind);
}

/** How long a kind of record is kept after its case closes, and the rule that says so. */
export interface RetentionRule {
  kind: RecordKind;
  keepYears: number;
  /** The fewest years a council may set: the law's period, or the least the law still needs. */
  minYears: number;
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
export const STATUTORY_RETENTION: Record<RecordKind, RetentionRule> = {
  plan: {
    kind: 'plan',
    keepYears: 6,
    minYears: 6,
    source: `LGA 1972 s100C(1) and, for executive decisions, the Executive Arrangements (Meetings and Access to Information) Regulations 2012 reg 15: six years after the decision; ${GDPR}`,
    setBy: null,
  },
  report: {
    kind: 'report',
    keepYears: 6,
    minYears: 6,
    source: `LGA 1972 s100C(1)(d): reports open to inspection for six years after the meeting; ${GDPR}`,
    setBy: null,
  },
  appendix: {
    kind: 'appendix',
    keepYears: 6,
    minYears: 6,
    source: `LGA 1972 s100C(1)(d): an appendix is part of its report, six years after the meeting; ${GDPR}`,
    setBy: null,
  },
  part2Appendix: {
    kind: 'part2Appendix',
    keepYears: 6,
    minYears: 6,
    source: `LGA 1972 s100C (exempt information, kept with the record of the decision): six years; ${GDPR}`,
    setBy: null,
  },
  backgroundPaper: {
    kind: 'backgroundPaper',
    keepYears: 4,
    minYears: 4,
    source: `LGA 1972 s100D(2): background papers open to inspection for four years after the meeting; ${GDPR}`,
    setBy: null,
  },
  linkEvidence: {
    kind: 'linkEvidence',
    keepYears: 6,
    minYears: 1,
    source: `Limitation Act 1980 ss2 and 5: a claim about the decision may be brought for six years, and this evidence shows who answered and from where; ${GDPR}`,
    setBy: null,
  },
  emailRecipients: {
    kind: 'emailRecipients',
    keepYears: 1,
    minYears: 1,
    source: `Local Government Act 1974 s26B(2): a complaint to the Ombudsman comes within twelve months, and the sent emails show who was asked and told; ${GDPR}`,
    setBy: null,
  },
};
