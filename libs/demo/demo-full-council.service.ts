import type { TenantSpec } from '../directory/tenant-setup.service';
import { STATUTORY_NOTICES } from '../governance/body-rules.schema';

/**
 * The demo council's Full Council, to which Cabinet recommends (seed 002, item 9, para 3: "Subject
 * to Cabinet approval, Full Council will consider a recommendation"): every elected member the
 * demo has sits on it, with the Mayor in the chair. Its rules are the statute's, which the
 * council's constitution (Council procedure rules) repeats: a quorum of one quarter of the whole
 * number of members, and questions decided by a majority of the members present and voting (Local
 * Government Act 1972, Schedule 12, paragraphs 6 and 39). Its members are appointed from the
 * annual meeting of 2025. Call after every elected member has been added to the spec.
 */
export function addDemoFullCouncil(spec: TenantSpec): void {
  const domain = spec.people.find((p) => p.key === 'officer')?.email.split('@')[1] ?? 'example.org';
  spec.people.push({
    key: 'mayor',
    name: 'Cllr Dev Sharma',
    email: `dev.sharma@${domain}`,
    organisation: 'council',
    isElectedMember: true,
  });
  const elected = spec.people.filter((p) => p.isElectedMember).map((p) => p.key);
  spec.bodies.push({
    key: 'fullCouncil',
    name: 'Full Council',
    kind: 'council',
    rules: (org) => ({
      constituencies: [
        { key: 'members', name: 'Elected members', organisationId: org('council'), categories: [] },
      ],
      quorum: {
        source:
          'Council procedure rules 7.1; Local Government Act 1972, Schedule 12, para 6: one quarter of the whole number of members',
        total: Math.ceil(elected.length / 4),
        minimums: [],
      },
      decision: {
        kind: 'majority',
        source:
          'Council procedure rules 17.1; Local Government Act 1972, Schedule 12, para 39: a majority of the members present and voting',
      },
      notices: {
        ...STATUTORY_NOTICES,
        source:
          'Access to information procedure rules; 2012 Regulations regs 5 and 9 (the statutory periods)',
      },
      substitutes: {
        kind: 'named',
        source: 'Council procedure rules: no substitutes at Full Council',
      },
      delegation: { allowed: true, source: 'Constitution Part 3, responsibility for functions' },
    }),
  });
  for (const person of elected)
    spec.memberships.push({
      body: 'fullCouncil',
      person,
      role: person === 'mayor' ? 'chair' : 'member',
      constituency: 'members',
      validFrom: '2025-05-20',
    });
}
