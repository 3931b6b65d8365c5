import { ROLE_ORGANISATIONS } from './role-organisations.declarations';
import { listTemplates } from './template.registry';

/*
 * The organisation rules are declared per version, around the machines, so a new version written
 * as its predecessor's differences does not inherit them: BCF board sign-off v4 went current once
 * without the ICB rule of v3 (review of 7d2304b). A later version keeps every rule of the version
 * before it unless it no longer has that role.
 */
describe('organisation rules of roles, version after version', () => {
  const cases = Object.entries(ROLE_ORGANISATIONS).flatMap(([id, byVersion]) => {
    const first = Math.min(...Object.keys(byVersion).map(Number));
    return listTemplates()
      .filter((t) => t.id === id && t.version > first)
      .map((t) => [id, t.version, t.roles] as const);
  });

  it.each(cases)('%s version %i keeps the rules of the version before', (id, version, roles) => {
    const still = (rules: Record<string, { rule: string }>) =>
      Object.entries(rules)
        .filter(([role]) => Object.hasOwn(roles, role))
        .map(([role, r]) => `${role}: ${r.rule}`);
    const before = ROLE_ORGANISATIONS[id][version - 1] ?? {};
    const now = ROLE_ORGANISATIONS[id][version] ?? {};
    expect(still(now)).toEqual(expect.arrayContaining(still(before)));
  });
});
