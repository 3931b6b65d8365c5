import {
  asReference,
  councilSettingsPrefixProblem,
  defaultReferencePrefix,
  formatReference,
} from './case-reference.service';

describe('case references in words', () => {
  it('takes a council’s initials for its prefix, leaving out the small words', () => {
    expect(defaultReferencePrefix('Southampton City Council')).toBe('SCC');
    expect(defaultReferencePrefix('Royal Borough of Kingston upon Thames')).toBe('RBKT');
    expect(defaultReferencePrefix('Rutland')).toBe('RUT');
    expect(defaultReferencePrefix('   ')).toBe('CASE');
  });

  it('writes the year and at least four digits of the number', () => {
    expect(formatReference('SCC', 2026, 42)).toBe('SCC-2026-0042');
    expect(formatReference('SCC', 2026, 12345)).toBe('SCC-2026-12345');
  });

  it('reads a reference as typed, in any case and with spaces around it, and nothing else', () => {
    expect(asReference(' scc-2026-0042 ')).toBe('SCC-2026-0042');
    expect(asReference('SCC 2026 0042')).toBeNull();
    expect(asReference('3f0c1f4e-8a34-4b5e-9a43-4b0fbd7c1a2e')).toBeNull();
  });

  it('refuses a prefix that is not 2 to 10 capital letters or digits starting with a letter', () => {
    expect(councilSettingsPrefixProblem('HWB')).toBeNull();
    expect(councilSettingsPrefixProblem('s')).toMatch(/2 to 10/);
    expect(councilSettingsPrefixProblem('SC-C')).toMatch(/2 to 10/);
    expect(councilSettingsPrefixProblem('1SC')).toMatch(/2 to 10/);
  });
});
