import { rulesInRefusalsDoc, rulesListedIn } from '../testing/refusals-doc.service';
import { RULE_NAMES } from './rule-names.errors';

/*
 * docs/refusals.md lists every governance rule a refusal can name, by its stable code and its name
 * in words: the list stays the code's (libs/errors/rule-names.errors.ts), both ways, so a rule
 * renamed, added or removed in one is refused until the other says the same.
 */
describe('docs/refusals.md', () => {
  const rows = rulesInRefusalsDoc();

  it('reads its table (the check itself works)', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rulesListedIn('| `NOT_A_MEMBER` | Only the body’s members take part |')).toEqual([
      ['NOT_A_MEMBER', 'Only the body’s members take part'],
    ]);
  });

  it('lists each rule once', () => {
    const codes = rows.map(([code]) => code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  it('lists every rule the code names, with the name the code gives it, and no other', () => {
    expect(Object.fromEntries(rows)).toEqual(RULE_NAMES);
  });
});
