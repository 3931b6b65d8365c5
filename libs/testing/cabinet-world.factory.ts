import type { BodyRules } from '../governance/body-rules.schema';
import type { TenantSpec } from '../directory/tenant-setup.service';

/*
 * A Cabinet with rules of its own, added to a test world by a tweak (test/body-rules,
 * body-rules-in-force): six members (three elected Cabinet members, three co-opted officers;
 * invented), each seated from 20 May 2025, the Leader in the chair; quorate with a number present
 * including at least one elected member, deciding by simple majority.
 */

export const CABINET = [
  ['leader', 'Cllr Lena Park', true],
  ['deputy', 'Cllr Omar Reid', true],
  ['portfolio', 'Cllr Ivy Holt', true],
  ['officer1', 'Sam Quinn', false],
  ['officer2', 'Ola Green', false],
  ['officer3', 'Tess Ward', false],
] as const;

export interface CabinetRulesOptions {
  /** How many members make the quorum (at least one of them elected). */
  quorumTotal: number;
  quorumSource: string;
  reportClearDays: number;
  noticesSource: string;
}

/** The Executive's rules: seats of the council, the quorum and notice asked, by majority. */
export function cabinetRules(councilId: string, o: CabinetRulesOptions): BodyRules {
  return {
    constituencies: [
      { key: 'executive', name: 'The Executive', organisationId: councilId, categories: [] },
    ],
    quorum: {
      source: o.quorumSource,
      total: o.quorumTotal,
      minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
    },
    decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
    notices: {
      reportClearDays: o.reportClearDays,
      keyDecisionNoticeClearDays: 28,
      privateNoticeClearDays: 28,
      source: o.noticesSource,
    },
    substitutes: { kind: 'named', source: 'Executive procedure rules 3.1' },
    delegation: { allowed: true, source: 'Constitution Part 3' },
  };
}

/** A world's tweak: the Cabinet (key `cabinet`) and its six members, under these rules. */
export function withCabinet(o: CabinetRulesOptions) {
  return (spec: TenantSpec): void => {
    spec.bodies.push({
      key: 'cabinet',
      name: 'Cabinet',
      kind: 'cabinet',
      rules: (org) => cabinetRules(org('council'), o),
    });
    for (const [key, name, elected] of CABINET) {
      spec.people.push({
        key,
        name,
        email: `${key}@${spec.slug}.test`,
        organisation: 'council',
        isElectedMember: elected,
      });
      spec.memberships.push({
        body: 'cabinet',
        person: key,
        role: key === 'leader' ? 'chair' : 'member',
        organisation: 'council',
        validFrom: '2025-05-20',
      });
    }
  };
}
