import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_NAMES, ruleName } from './rule-names.errors';

/*
 * Every governance rule a refusal can name has a name in people's words: read off the source
 * (a rule's code where it refuses: refuse('…'), new GovernanceRuleError('…'), a template's
 * refused(ctx, '…'), a verdict's `code: '…'`, a declaration's `rule: '…'`, a refusal code union
 * `| '…'`), so a new rule with no name fails here rather than reading "A governance rule" on a page.
 */
const LIBS = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return /\.ts$/.test(e.name) && !/spec\.ts$/.test(e.name) && e.name !== 'rule-names.errors.ts'
      ? [path]
      : [];
  });
}

const RULE_CODE = [
  /refuse\(\s*'([A-Z][A-Z0-9_]+)'/g,
  /GovernanceRuleError\(\s*'([A-Z][A-Z0-9_]+)'/g,
  /refused\(\s*ctx,\s*'([A-Z][A-Z0-9_]+)'/g,
  /\b(?:code|rule|refusal): '([A-Z][A-Z0-9_]+)'/g,
  /\?\? '([A-Z][A-Z0-9_]{4,})'/g,
];
/** A union of refusal codes, in the libraries whose rules refuse (elsewhere a union is of audit kinds). */
const CODE_UNION = /^\s*\| '([A-Z][A-Z0-9_]+)'/gm;
const RULE_LIBRARIES = /\/libs\/(governance|meetings|directory|engine|workflows)\//;

/** The API's own codes (the ErrorCode union in domain.errors.ts), which are not rules. */
function apiCodes(): string[] {
  const text = readFileSync(join(__dirname, 'domain.errors.ts'), 'utf8');
  return [...text.matchAll(CODE_UNION)].map((m) => m[1]);
}

function ruleCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(LIBS)) {
    const text = readFileSync(file, 'utf8');
    const patterns = RULE_LIBRARIES.test(file) ? [...RULE_CODE, CODE_UNION] : RULE_CODE;
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) codes.add(m[1]);
  }
  for (const code of apiCodes()) codes.delete(code);
  return codes;
}

describe('the names of governance rules', () => {
  const codes = ruleCodes();

  it('finds the rule codes the libraries refuse with (the check itself works)', () => {
    expect(codes.size).toBeGreaterThan(100);
    expect(codes).toContain('RECORDED_DATE_IN_THE_FUTURE');
    expect(codes).toContain('OVERLAPPING_TERMS');
    // A template's own refusal, written as refused(ctx, '…') in its payload's rules.
    expect(codes).toContain('INQUORATE');
    expect(codes).not.toContain('VERSION_CONFLICT');
  });

  it('names every rule a refusal can give', () => {
    expect([...codes].filter((c) => !Object.hasOwn(RULE_NAMES, c)).sort()).toEqual([]);
  });

  it('names each rule as a sentence in words, never its code', () => {
    for (const [code, name] of Object.entries(RULE_NAMES)) {
      expect(name).toMatch(/^[A-Z][^_]*[a-z]$/);
      expect(name).not.toContain(code);
    }
    expect(ruleName('NOT_A_RULE_ANYONE_GAVE')).toBe('A governance rule');
  });
});
