import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wordingOf } from './email-wording.service';

/**
 * Every email a template's machine can send has its own wording: read off the machines' sources
 * (the message names they notify, and the reminders and escalations they build from deadline
 * keys), so that a new message without wording fails here rather than reaching a councillor as
 * "Update on …".
 */
const WORKFLOWS = join(__dirname, '../workflows');

function messagesOf(source: string): string[] {
  const literal = [
    ...source.matchAll(/notify(?:<\w+>)?\(\s*'([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/message: '([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/remindWhen(?:Key)?(?:<\w+>)?\(\s*'[a-z]+',\s*'([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/interestsOf\(\s*'\w+',\s*'([a-z]+(?:-[a-z]+)+)'/g),
  ].map((m) => m[1]);
  const keys = [
    ...source.matchAll(/(?:isDeadlineEvent|isKey|remindWhenKey)\(\s*'([a-z]+)'/g),
    ...source.matchAll(/key: '([a-z]+)'/g),
    ...source.matchAll(/remindWhen(?:<\w+>)?\(\s*'([a-z]+)'/g),
  ].map((m) => m[1]);
  const built = ['reminder', 'overdue'].flatMap((kind) =>
    source.includes(`\${key}-${kind}`) ? keys.map((k) => `${k}-${kind}`) : [],
  );
  return [...new Set([...literal, ...built])];
}

const machines = readdirSync(WORKFLOWS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(WORKFLOWS, d.name))
      .filter((f) => f.endsWith('.machine.ts'))
      .map((f) => [f, readFileSync(join(WORKFLOWS, d.name, f), 'utf8')] as const),
  );

describe('the wording of every email the templates send', () => {
  const all = machines.flatMap(([file, source]) => messagesOf(source).map((m) => [file, m]));

  it('finds the messages of every template (the scan itself works)', () => {
    expect(machines.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map(([, m]) => m)).size).toBeGreaterThan(40);
  });

  it.each(all)('%s: "%s" has its own wording', (_file, message) => {
    expect(wordingOf(message)).not.toBeNull();
  });
});
