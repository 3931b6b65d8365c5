import { dayInWords } from './forms/words.service';

/**
 * A meeting as one line of a list: its title, then its body and its date only where the title does
 * not already say them. Titles are what a council typed ("Health and Wellbeing Board, Thursday 10
 * December 2026", "JCB, 4 September", "HWBB 10/12/2026"), so the test reads the title for the
 * body's whole name and for the whole date (day, month and year) in the ways people write dates
 * in England; a partial date ("4 September") or an abbreviation ("JCB") still gets the full one.
 */
export interface MeetingLine {
  title: string;
  /** The body's name, when the title does not hold it. */
  body?: string;
  /** The date in words, when the title does not hold it. */
  date?: string;
}

const MONTHS = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

/** Lower case, "&" as "and", 1st/2nd/3rd/4th as numbers without leading zeros, words apart by one space. */
function normalised(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (/^\d+$/.test(w) ? String(Number(w)) : w));
  return ` ${words.join(' ')} `;
}

/** Whether the title holds the day `iso` (YYYY-MM-DD) whole: day, month and year. */
export function titleHoldsDate(title: string, iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number);
  const t = normalised(title);
  const forms = [`${y} ${m} ${d}`];
  for (const year of [y, y % 100]) {
    // Day first in numbers, as England writes them (4/9/2025); a month in words either side of the day.
    forms.push(`${d} ${m} ${year}`);
    for (const month of MONTHS[m - 1]) forms.push(`${d} ${month} ${year}`, `${month} ${d} ${year}`);
  }
  return forms.some((f) => t.includes(` ${f} `));
}

/** Whether the title holds the body's whole name, whatever its case, punctuation or "&". */
export function titleHoldsBody(title: string, body: string): boolean {
  const b = normalised(body);
  return b.trim() !== '' && normalised(title).includes(b);
}

/** The meeting's line: its title, with its body and its date in words unless the title says them. */
export function meetingLine(title: string, body: string, meetingDate: string): MeetingLine {
  return {
    title,
    ...(titleHoldsBody(title, body) ? {} : { body }),
    ...(titleHoldsDate(title, meetingDate) ? {} : { date: dayInWords(meetingDate) }),
  };
}
