import { describeDay } from './clear-days.service';

/**
 * An office has one substantive holder on any day, and at most one acting holder standing in: two
 * people cannot both be the Chief Executive on 3 December. Authority on a day follows the acting
 * holder when there is one, else the substantive holder. Days are calendar dates, both ends held.
 */

export type HoldingKind = 'substantive' | 'acting';

export interface Holding {
  id?: string;
  personName: string;
  from: string;
  /** The last day held; null: no end yet. */
  until: string | null;
  kind: HoldingKind;
}

export type HoldingVerdict =
  { ok: true } | { ok: false; code: 'OFFICE_HELD_TWICE'; explanation: string[] };

/** A holding's days in words ("from Thu 3 Dec 2026 with no end"), as a term's are. */
const span = (h: Holding) =>
  `from ${describeDay(h.from)} ${h.until ? `to ${describeDay(h.until)}` : 'with no end'}`;

/** Whether `candidate` may join the office's other holdings (itself, by id, left out). */
export function checkHolding(
  officeTitle: string,
  holdings: Holding[],
  candidate: Holding,
): HoldingVerdict {
  const clash = holdings.find(
    (h) =>
      (candidate.id === undefined || h.id !== candidate.id) &&
      h.kind === candidate.kind &&
      h.from <= (candidate.until ?? '9999-12-31') &&
      candidate.from <= (h.until ?? '9999-12-31'),
  );
  if (!clash) return { ok: true };
  const first = clash.from > candidate.from ? clash.from : candidate.from;
  const ends = [clash.until, candidate.until].filter((u): u is string => u !== null).sort();
  const days = ends.length
    ? `from ${describeDay(first)} to ${describeDay(ends[0])}`
    : `from ${describeDay(first)} onwards`;
  return {
    ok: false,
    code: 'OFFICE_HELD_TWICE',
    explanation: [
      `${clash.personName} holds ${officeTitle} (${clash.kind}) ${span(clash)}`,
      `${candidate.personName} would hold it (${candidate.kind}) ${span(candidate)}`,
      `both would hold it ${days}: an office has one ${candidate.kind} holder on any day`,
      candidate.kind === 'substantive'
        ? `end ${clash.personName}'s holding the day before ${candidate.personName}'s begins, or appoint ${candidate.personName} as acting`
        : `end ${clash.personName}'s acting holding first`,
    ],
  };
}

/** Who holds the office on `day`: the acting holder standing in, else the substantive holder. */
export function holderOn<H extends Holding>(holdings: H[], day: string): H | null {
  const on = holdings.filter((h) => h.from <= day && (h.until === null || h.until >= day));
  return on.find((h) => h.kind === 'acting') ?? on.find((h) => h.kind === 'substantive') ?? null;
}
