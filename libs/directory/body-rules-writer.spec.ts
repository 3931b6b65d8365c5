import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * Issue #10: `bodies.rules` is a copy of the latest of a body's dated rules (body_rules), and it
 * must never drift from them. One method writes it (BodyRulesRepository.record, with the history
 * row in the same transaction): no other SQL in the code sets the column or inserts a body with
 * rules. Migrations, which wrote history and copy together once, are left out.
 */
const ROOT = join(__dirname, '..', '..');
const WRITER = 'libs/directory/body-rules.repository.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(name)
      ? [path]
      : [];
  });
}

/** SQL that writes bodies.rules: an INSERT naming the column, or an UPDATE setting it. */
const WRITES_RULES = [
  /INSERT\s+INTO\s+"?bodies"?\s*\([^)]*\brules\b/i,
  /UPDATE\s+"?bodies"?\s+SET\b[^`'";]*?\brules\s*=/i,
];

describe('the one writer of bodies.rules', () => {
  const files = ['apps', 'libs', 'tools', 'bench'].flatMap((d) => sources(join(ROOT, d)));

  it('finds the SQL it looks for, in the writer', () => {
    const writer = readFileSync(join(ROOT, WRITER), 'utf8');
    expect(WRITES_RULES.some((re) => re.test(writer))).toBe(true);
  });

  it('finds no other code that writes a body’s rules', () => {
    const others = files
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== WRITER)
      .filter((f) => {
        const text = readFileSync(join(ROOT, f), 'utf8');
        return WRITES_RULES.some((re) => re.test(text));
      });
    expect(others).toEqual([]);
  });
});
