import type { TenantSpec } from '../directory/tenant-setup.service';

/**
 * The demo council's Cabinet: a body of another kind than the two boards, with rules of its own
 * (Executive procedure rules): decided by simple majority, quorate with three members present of
 * whom at least one is elected, and ten clear days for its reports. The Leader chairs; the three
 * Cabinet members who sit on the Joint Commissioning Board sit here too. Its members are appointed
 * from the annual meeting of 2025.
 */
export function addDemoCabinet(spec: TenantSpec): void {
  spec.people.push({
    key: 'leader',
    name: 'Cllr Sasha Reed',
    email: 'sasha.reed@example.org',
    organisation: 'council',
    isElectedMember: true,
  });
  spec.bodies.push({
    key: 'cabinet',
    name: 'Cabinet',
    kind: 'cabinet',
    rules: (org) => ({
      constituencies: [
        { key: 'executive', name: 'The Executive', organisationId: org('council'), categories: [] },
      ],
      quorum: {
        source: 'Executive procedure rules 4.2',
        total: 3,
        minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
      },
      decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
      notices: {
        reportClearDays: 10,
        keyDecisionNoticeClearDays: 28,
        privateNoticeClearDays: 28,
        source: 'Executive procedure rules 2.3',
      },
      substitutes: { kind: 'named', source: 'Executive procedure rules 3.1: no substitutes' },
      delegation: { allowed: true, source: 'Constitution Part 3, responsibility for functions' },
    }),
  });
  for (const person of ['leader', 'cabinet', 'cabinet2', 'cabinet3'])
    spec.memberships.push({
      body: 'cabinet',
      person,
      role: person === 'leader' ? 'chair' : 'member',
      constituency: 'executive',
      validFrom: '2025-05-20',
    });
}
