import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The rules a markdown table lists: "| `CODE` | Name |" rows, whatever width prettier pads them to. */
export function rulesListedIn(markdown: string): [string, string][] {
  return [...markdown.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*(.+?)\s*\|\s*$/gm)].map(
    (m) => [m[1], m[2]] as [string, string],
  );
}

const refusalsDoc = () => readFileSync(join(__dirname, '..', '..', 'docs', 'refusals.md'), 'utf8');

/** docs/refusals.md's list of governance rules, by code and name. */
export function rulesInRefusalsDoc(): [string, string][] {
  return rulesListedIn(refusalsDoc());
}

/** The problem+json fields docs/refusals.md describes before its lists (`rule`, `context`, …). */
export function fieldsInRefusalsDoc(): string[] {
  const prose = refusalsDoc().split(/^## /m)[0];
  return [...new Set([...prose.matchAll(/`([a-z][A-Za-z]*)`/g)].map((m) => m[1]))].sort();
}
