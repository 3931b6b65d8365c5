import type { TenantSpec } from '../directory/tenant-setup.service';

/**
 * The Joint Commissioning Board's seats for tests (seed 002, ToR 7.1: Cabinet members for the
 * council, Governing Body members for the CCG), and a non-member who can substitute.
 */
export const JCB_MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council'],
  ['cab2', 'Cllr Ben Hart', 'council'],
  ['ccg1', 'Dr Dev Shah', 'ccg'],
  ['ccg2', 'Dr Eve Long', 'ccg'],
  ['ccg3', 'Dr Finn Roy', 'ccg'],
] as const;

/** A `tweak` for buildBcfWorld: adds the JCB members (from 1 Jan 2025) and the substitute `sub`. */
export function withJcbMembers(spec: TenantSpec): void {
  for (const [key, name, org] of JCB_MEMBERS) {
    spec.people.push({ key, name, email: `${key}@${spec.slug}.test`, organisation: org });
    spec.memberships.push({
      body: 'jcb',
      person: key,
      role: 'member',
      organisation: org,
      validFrom: '2025-01-01',
    });
  }
  spec.people.push({
    key: 'sub',
    name: 'Dr Gus Lee',
    email: `sub@${spec.slug}.test`,
    organisation: 'ccg',
  });
}
