import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A body's rules are data on the body (libs/governance/body-rules.schema.ts), not a switch on its
 * kind in code: existing Health and Wellbeing Boards and Joint Commissioning Boards get the rules
 * the code applied until now (quorum, consensus, notice periods, and substitutes being any person
 * of the seat's organisation), and each seat names the constituency it sits for, read from its
 * organisation as the code did. Other bodies had no rules and still cannot hold meetings until an
 * administrator gives them some. The rules are written out here, not imported, so that this
 * migration does the same thing however the code changes later.
 */
export class StoreBodyRules1795608263519 implements MigrationInterface {
  name = 'StoreBodyRules1795608263519';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "bodies" ADD "rules" jsonb');
    await q.query('ALTER TABLE "bodies" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query('ALTER TABLE "memberships" ADD "constituency" text');
    await q.query(`UPDATE memberships ms SET constituency = CASE o.kind
        WHEN 'local_authority' THEN 'council' WHEN 'ccg' THEN 'ccg'
        WHEN 'healthwatch' THEN 'healthwatch' WHEN 'nhs_region' THEN 'nhsRegion' END
      FROM organisations o WHERE o.id = ms.organisation_id AND o.tenant_id = ms.tenant_id`);

    const bodies: { id: string; tenant_id: string; kind: string }[] = await q.query(
      `SELECT id, tenant_id, kind FROM bodies WHERE kind IN ('hwbb', 'jcb')`,
    );
    for (const b of bodies) {
      // The organisation a constituency stands for: its seats' own, else the council's only one.
      const orgOf = async (kind: string): Promise<string | null> => {
        const [row]: { id: string }[] = await q.query(
          `SELECT o.id FROM organisations o
            WHERE o.tenant_id = $1 AND o.kind = $2
            ORDER BY EXISTS (SELECT 1 FROM memberships ms WHERE ms.body_id = $3 AND ms.organisation_id = o.id) DESC,
                     o.name
            LIMIT 1`,
          [b.tenant_id, kind, b.id],
        );
        return row?.id ?? null;
      };
      const hasRegionSeat: unknown[] = await q.query(
        `SELECT 1 FROM memberships WHERE body_id = $1 AND constituency = 'nhsRegion' LIMIT 1`,
        [b.id],
      );
      const rules =
        b.kind === 'hwbb'
          ? hwbb(
              await orgOf('local_authority'),
              await orgOf('ccg'),
              await orgOf('healthwatch'),
              hasRegionSeat.length > 0 ? await orgOf('nhs_region') : undefined,
            )
          : jcb(await orgOf('local_authority'), await orgOf('ccg'));
      await q.query('UPDATE bodies SET rules = $2 WHERE id = $1', [b.id, JSON.stringify(rules)]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "memberships" DROP COLUMN "constituency"');
    await q.query('ALTER TABLE "bodies" DROP COLUMN "version"');
    await q.query('ALTER TABLE "bodies" DROP COLUMN "rules"');
  }
}

const NOTICES = {
  reportClearDays: 5,
  keyDecisionNoticeClearDays: 28,
  privateNoticeClearDays: 28,
  source: '2012 Regulations regs 5, 7 and 9; JCB terms of reference 6.8-6.10 (seed 002)',
};

function hwbb(
  council: string | null,
  ccg: string | null,
  healthwatch: string | null,
  region: string | null | undefined,
) {
  return {
    constituencies: [
      { key: 'council', name: 'Council', organisationId: council, categories: [] },
      { key: 'ccg', name: 'Health', organisationId: ccg, categories: ['health'] },
      {
        key: 'healthwatch',
        name: 'Healthwatch',
        organisationId: healthwatch,
        categories: ['healthwatch'],
      },
      ...(region === undefined
        ? []
        : [
            {
              key: 'nhsRegion',
              name: 'NHS region',
              organisationId: region,
              categories: ['health'],
            },
          ]),
    ],
    quorum: {
      source: 'HWBB front sheet, "Quorum" (seed 002)',
      total: 3,
      minimums: [
        { category: 'elected', min: 1, label: 'elected members' },
        { category: 'health', min: 1, label: 'health members' },
        { category: 'healthwatch', min: 1, label: 'Healthwatch members' },
      ],
    },
    decision: {
      kind: 'consensus',
      blocs: [],
      source: 'HWBB: every eligible member present supports (no partner blocs)',
    },
    notices: NOTICES,
    substitutes: {
      kind: 'partnerDeputies',
      source: 'HWBB: a deputy of the organisation the seat represents',
    },
    delegation: {
      allowed: true,
      source: 'HWBB terms of reference: the board may delegate authority to an officer (seed 002)',
    },
  };
}

function jcb(council: string | null, ccg: string | null) {
  return {
    constituencies: [
      { key: 'council', name: 'Council (Cabinet)', organisationId: council, categories: [] },
      { key: 'ccg', name: 'CCG Governing Body', organisationId: ccg, categories: [] },
    ],
    quorum: {
      source: 'JCB terms of reference 8.1 (seed 002)',
      total: 4,
      minimums: [
        { category: 'council', min: 2, label: 'council members' },
        { category: 'ccg', min: 2, label: 'CCG members' },
      ],
    },
    decision: {
      kind: 'consensus',
      blocs: ['council', 'ccg'],
      source: 'JCB terms of reference 8.1-8.3 (seed 002)',
    },
    notices: NOTICES,
    substitutes: {
      kind: 'partnerDeputies',
      source: 'JCB terms of reference 7.1: the partners’ nominated deputies (seed 002)',
    },
    delegation: {
      allowed: true,
      source:
        'JCB terms of reference 1.5, 8.4: decisions under delegation taken by the member who holds it (seed 002)',
    },
  };
}
