import type { RegisterEntry, RegisterFilter } from '../register/decision-register.service';

/**
 * The register's filters as the notices say them, for specs that check the repository's SQL
 * against the notice builders: what the list filtered in memory before the database did (issue #21).
 */
export function matchesRegisterFilter(e: RegisterEntry, f: RegisterFilter): boolean {
  const n = e.notice;
  const has = (text: string | null, words: string) =>
    (text ?? '').toLowerCase().includes(words.toLowerCase());
  if (f.q && !hasWords(`${e.reference} ${n.itemTitle} ${n.decision} ${n.title}`, f.q)) return false;
  if (f.decisionMaker && !has(n.decisionMaker.name, f.decisionMaker)) return false;
  if (f.keyDecision !== undefined && n.keyDecision !== f.keyDecision) return false;
  if (f.kind && e.kind !== f.kind) return false;
  const calledIn = n.callIn.status.startsWith('called in');
  if (f.callIn === 'implementable' && !(n.implementableFrom && !calledIn)) return false;
  if (f.callIn === 'calledIn' && !calledIn) return false;
  if (
    f.callIn === 'subject' &&
    (!n.keyDecision || n.urgencyExemption || n.callIn.status.startsWith('not subject'))
  )
    return false;
  if (f.from && (n.publishedOn ?? '') < f.from) return false;
  if (f.to && (n.publishedOn ?? '') > f.to) return false;
  return true;
}

/** Letters and digits, and any character beyond ASCII; ASCII spaces and punctuation part words. */
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^0-9a-z\u0080-\u{10FFFF}]+/u)
    .filter((w) => w !== '');

/** Each word typed begins a word of the text, in any order (the register's search, ADR 0054). */
function hasWords(text: string, typed: string): boolean {
  const shown = words(text);
  return words(typed).every((w) => shown.some((s) => s.startsWith(w)));
}

/** The register's order: newest publication first, then by case. */
export function inRegisterOrder(entries: RegisterEntry[]): RegisterEntry[] {
  return [...entries].sort((a, b) =>
    a.notice.publishedOn === b.notice.publishedOn
      ? a.caseId < b.caseId
        ? -1
        : 1
      : (a.notice.publishedOn ?? '') < (b.notice.publishedOn ?? '')
        ? 1
        : -1,
  );
}
