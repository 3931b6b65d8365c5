import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { copiesOfACase } from '../testing/case-copies.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/**
 * The cases listed to a reader who is not staff (issue #21): those they have a part in, as
 * participantSql defines it, read from case_people (whom each case names, kept by triggers on
 * cases, case_events, action_links, effects and office_holders: migration 1796442600000) in the
 * list's order, with participantSql the last condition. As the runtime role the old statement
 * tested every case of the council, and read every effect (5.6 s at 100,000 cases).
 */

/** The list as it was read before case_people: participantSql of main f31c14c, on every case. */
const OLD_LIST = `SELECT id FROM cases c WHERE c.tenant_id = $1 AND
   (c.awaiting_person_ids @> ARRAY[$2::uuid]
    OR EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                 LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                        AND g.id = (r.value->>'delegationId')::uuid
                 JOIN office_holders h ON h.tenant_id = c.tenant_id
                               AND h.office_id = coalesce((r.value->>'officeId')::uuid, g.delegate_office_id)
                WHERE h.person_id = $2::uuid
                  AND (h.held_until IS NULL OR h.held_until >= (c.created_at AT TIME ZONE 'Europe/London')::date)
                  AND (c.closed_at IS NULL OR h.held_from <= (c.closed_at AT TIME ZONE 'Europe/London')::date))
    OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.actor_person_id = $2::uuid)
    OR EXISTS (SELECT 1 FROM action_links l WHERE l.case_id = c.id AND l.person_id = $2::uuid)
    OR c.id IN (SELECT f.case_id FROM effects f WHERE f.kind = 'email' AND f.payload->'to'->>'id' = $2::text))
  -- ?state= (a state or one of its sub-states, in any region of the key) and ?awaiting=, read
  -- from the case's own row rather than from the tables kept beside it.
  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM unnest(string_to_array(c.state_key, ';')) k
                                    WHERE k = $5 OR starts_with(k, $5 || '.')))
  AND ($6::uuid IS NULL OR c.awaiting_person_ids @> ARRAY[$6::uuid])
  ORDER BY updated_at DESC, id LIMIT $3 OFFSET $4`;

describe('the list of cases a participant may read', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const cases = new CaseRepository();
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** ?state= and ?awaiting=, as a participant may pass them. */
  type Narrowed = { state?: string; awaitingPersonId?: string };
  const listed = async (personId: string, limit: number, offset: number, by: Narrowed = {}) =>
    (
      await cases.list(tenantScope(world.tenantId), db.ds.manager, {
        ...by,
        participantId: personId,
        limit,
        offset,
      })
    ).map((c) => c.id);
  const old = async (personId: string, limit: number, offset: number, by: Narrowed = {}) =>
    (
      await db.superuser<{ id: string }>(OLD_LIST, [
        world.tenantId,
        personId,
        limit,
        offset,
        by.state ?? null,
        by.awaitingPersonId ?? null,
      ])
    ).map((r) => r.id);
  /**
   * Each state the council's cases are in (each region's, and its top state), one no case is in;
   * each person awaited and one never awaited; each top state with each of those people.
   */
  const narrowings = async (stranger: string): Promise<Narrowed[]> => {
    const [{ states, tops, awaited }] = await db.superuser<{
      states: string[];
      tops: string[];
      awaited: string[];
    }>(
      `SELECT array(SELECT DISTINCT s FROM cases c, unnest(string_to_array(c.state_key, ';')) s
                     WHERE c.tenant_id = $1) AS states,
              array(SELECT DISTINCT split_part(s, '.', 1) FROM cases c, unnest(string_to_array(c.state_key, ';')) s
                     WHERE c.tenant_id = $1) AS tops,
              array(SELECT DISTINCT unnest(awaiting_person_ids)::text FROM cases WHERE tenant_id = $1) AS awaited`,
      [world.tenantId],
    );
    const allAwaited = [...awaited, stranger];
    return [
      ...[...new Set([...states, ...tops]), 'nowhereState'].map((state) => ({ state })),
      ...allAwaited.map((awaitingPersonId) => ({ awaitingPersonId })),
      ...tops.flatMap((state) =>
        allAwaited.map((awaitingPersonId) => ({ state, awaitingPersonId })),
      ),
    ];
  };
  /** How many cases each narrowed list held, over every step: some none, some one, some more. */
  const narrowedCounts: number[] = [];
  /**
   * Everyone of the council and one stranger: each one's whole list, and its pages of 2; and, at
   * the steps `narrowedToo` marks, each list narrowed, for each person the old statement lists
   * cases to (so one case_people lacks is compared too), each case_people names (so a row left
   * there, a person no longer awaited, is compared too) and the stranger.
   */
  const expectTheOldAnswer = async (step: string, narrowedToo = false) => {
    const people = await db.superuser<{ id: string }>(
      'SELECT id FROM people WHERE tenant_id = $1',
      [world.tenantId],
    );
    const counts: number[] = [];
    const named: string[] = [];
    const stranger = '00000000-0000-4000-8000-000000000001';
    const filters = await narrowings(stranger);
    for (const personId of [...people.map((p) => p.id), stranger]) {
      const whole = await old(personId, 100, 0);
      counts.push(whole.length);
      if (whole.length > 0) named.push(personId);
      expect({ step, personId, listed: await listed(personId, 100, 0) }).toEqual({
        step,
        personId,
        listed: whole,
      });
      for (let offset = 0; offset <= whole.length; offset += 2)
        expect({ step, personId, offset, page: await listed(personId, 2, offset) }).toEqual({
          step,
          personId,
          offset,
          page: whole.slice(offset, offset + 2),
        });
    }
    if (!narrowedToo) return counts;
    // With ?state= and ?awaiting=: each whole list, and its second case alone (a page past the first).
    const rows = await db.superuser<{ id: string }>(
      'SELECT DISTINCT person_id AS id FROM case_people WHERE tenant_id = $1',
      [world.tenantId],
    );
    for (const personId of new Set([...named, ...rows.map((r) => r.id), stranger]))
      await Promise.all(
        filters.map(async (by) => {
          const [narrowed, got] = await Promise.all([
            old(personId, 100, 0, by),
            listed(personId, 100, 0, by),
          ]);
          expect({ step, personId, by, listed: got }).toEqual({
            step,
            personId,
            by,
            listed: narrowed,
          });
          if (narrowed.length > 1)
            expect({ step, personId, by, second: await listed(personId, 1, 1, by) }).toEqual({
              step,
              personId,
              by,
              second: narrowed.slice(1, 2),
            });
          narrowedCounts.push(narrowed.length);
        }),
      );
    return counts;
  };

  it('lists to each person, page by page, what the old query listed, as cases and the directory change', async () => {
    const engine = engineHarness(db.ds);
    const opened: string[] = [];
    for (let i = 0; i < 4; i++) {
      engine.clock.advance(60_000);
      opened.push((await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    }
    for (const id of opened.slice(0, 3)) {
      engine.clock.advance(60_000);
      await engine.send.send(id, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    }
    engine.clock.advance(60_000);
    await engine.send.send(opened[0], { type: 'AGREE', payload: {} }, world.actors.ceo);
    await expectTheOldAnswer('events sent', true);

    // A person with no part is awaited, then no longer: listed, then not.
    const [stranger] = await db.superuser<{ id: string }>(
      `INSERT INTO people (tenant_id, name, email, is_officer) VALUES ($1, 'Ada Stranger', $2, false) RETURNING id`,
      [world.tenantId, `ada-${world.tenantId.slice(0, 8)}@example.test`],
    );
    await db.superuser(
      `UPDATE cases SET awaiting_person_ids = awaiting_person_ids || $2::uuid, updated_at = updated_at + interval '1 hour'
        WHERE id = $1`,
      [opened[3], stranger.id],
    );
    await expectTheOldAnswer('a stranger awaited');
    expect(await listed(stranger.id, 100, 0)).toEqual([opened[3]]);
    await db.superuser(
      `UPDATE cases SET awaiting_person_ids = array_remove(awaiting_person_ids, $2::uuid), updated_at = updated_at + interval '1 hour'
        WHERE id = $1`,
      [opened[3], stranger.id],
    );
    await expectTheOldAnswer('the stranger no longer awaited', true);
    expect(await listed(stranger.id, 100, 0)).toEqual([]);

    // Emailed in one case: named from then on.
    await db.superuser(
      `INSERT INTO effects (tenant_id, case_id, kind, payload, status, available_at, created_at)
       VALUES ($1, $2, 'email', jsonb_build_object('to', jsonb_build_object('id', $3::text)), 'sent', now(), now())`,
      [world.tenantId, opened[1], stranger.id],
    );
    const counts = await expectTheOldAnswer('the stranger emailed');
    expect(await listed(stranger.id, 100, 0)).toEqual([opened[1]]);
    // None, few and many: people with no case, one in one case, holders of offices in all.
    expect(counts).toContain(0);
    expect(counts).toContain(1);
    expect(Math.max(...counts)).toBe(opened.length);

    // Appointed to the CEO's office from today: every open case bound to it names them.
    const [holding] = await db.superuser<{ id: string }>(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
       VALUES ($1, $2, $3, current_date, 'substantive') RETURNING id`,
      [world.tenantId, world.ids.offices.ceo, stranger.id],
    );
    await expectTheOldAnswer('the stranger appointed');
    // A case closed before the appointment no longer names them by that office; one closed after does.
    await db.superuser(
      `UPDATE cases SET closed_at = '2021-10-02T12:00:00Z', updated_at = updated_at + interval '1 hour' WHERE id = $1`,
      [opened[2]],
    );
    await expectTheOldAnswer('a case closed');
    // The appointment moved back to before the cases opened: the closed case names them again.
    await db.superuser(`UPDATE office_holders SET held_from = '2021-01-01' WHERE id = $1`, [
      holding.id,
    ]);
    await expectTheOldAnswer('the appointment moved back', true);
    expect(await listed(stranger.id, 100, 0)).toContain(opened[2]);

    // Appointed to the office the BCF approval is delegated to (no role names the office itself):
    // every case bound through the delegation names them.
    const [deputy] = await db.superuser<{ id: string }>(
      `INSERT INTO people (tenant_id, name, email, is_officer) VALUES ($1, 'Bea Deputy', $2, false) RETURNING id`,
      [world.tenantId, `bea-${world.tenantId.slice(0, 8)}@example.test`],
    );
    await db.superuser(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
       VALUES ($1, $2, $3, '2021-01-01', 'acting')`,
      [world.tenantId, world.ids.offices.chair, deputy.id],
    );
    await expectTheOldAnswer('appointed to the office a delegation is given to');
    expect((await listed(deputy.id, 100, 0)).sort()).toEqual([...opened].sort());

    // Every row is in its case's order, so a page is one range of the index.
    const astray = await db.superuser(
      `SELECT n.case_id FROM case_people n JOIN cases c ON c.id = n.case_id WHERE n.updated_at <> c.updated_at`,
    );
    expect(astray).toEqual([]);
    // The narrowed lists were not all empty: some held one case, some more.
    expect(narrowedCounts).toContain(0);
    expect(narrowedCounts).toContain(1);
    expect(Math.max(...narrowedCounts)).toBeGreaterThan(1);
  });

  it('reads a person’s cases through the index of case_people as the runtime role, not every case in turn', async () => {
    const plan = await planAsTheRuntimeRole(
      await db.owner(),
      world.tenantId,
      (m) =>
        cases.list(tenantScope(world.tenantId), m, {
          participantId: world.ids.people.healthwatch,
          limit: 50,
          offset: 0,
        }),
      {
        // 2,000 more cases, each awaiting someone else and emailing them, analysed: a council where
        // the person is rare and effects are many.
        before: async (q) => {
          const made = await copiesOfACase(q, world.tenantId, 2000, {
            awaitingPersonIds: 'ARRAY[gen_random_uuid()]',
          });
          await q.query(
            `INSERT INTO effects (tenant_id, case_id, kind, payload, status, available_at, created_at)
             SELECT tenant_id, id, 'email',
                    jsonb_build_object('to', jsonb_build_object('id', awaiting_person_ids[1]::text)),
                    'sent', now(), now()
               FROM cases WHERE id = ANY($1::uuid[])`,
            [made],
          );
          await q.query('ANALYZE');
        },
      },
    );
    expect(plan).toMatch(/Index Only Scan using "IDX_case_people_person"/);
    expect(plan).not.toMatch(/Seq Scan on (cases|effects)|IDX_cases_tenant_updated/);
  });

  it('reads a person’s cases with ?state= and ?awaiting= as the runtime role without testing the cases of the state or the awaited that do not name them', async () => {
    const sent: { sql: string; params: unknown[] }[] = [];
    const capture = {
      query: (sql: string, params: unknown[]) => {
        sent.push({ sql, params });
        return Promise.resolve([]);
      },
    } as unknown as EntityManager;
    // A case of its own to copy, so that the test stands alone.
    const opened = await engineHarness(db.ds).open.open(
      openBcfCaseBody(world),
      world.actors.officer,
    );
    const [first] = await db.superuser<{ state: string }>(
      `SELECT split_part(state_key, '.', 1) AS state FROM cases WHERE id = $1`,
      [opened.caseId],
    );
    const crowd = world.ids.people.ceo;
    const reader = world.ids.people.healthwatch;
    for (const by of [{ state: first.state }, { awaitingPersonId: crowd }])
      await cases.list(tenantScope(world.tenantId), capture, {
        ...by,
        participantId: reader,
        limit: 50,
        offset: 0,
      });
    const runner = (await db.owner()).createQueryRunner();
    await runner.startTransaction();
    try {
      // 2,000 more cases in that state, each awaiting the same person (not the reader): a state
      // and an awaited person with many cases, the reader named in none of them.
      await runner.query(
        `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                            snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                            created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
         SELECT gen_random_uuid(), c.tenant_id, c.reference || '-' || g, c.title, c.template_id,
                c.template_version, c.version, c.snapshot, c.state_key, c.summary, '{}'::jsonb, c.dates,
                ARRAY[$2::uuid], c.created_by, c.created_at, c.updated_at + g * interval '1 second', c.closed_at,
                c.audit_head, c.definition_hash
           FROM (SELECT * FROM cases WHERE tenant_id = $1 AND id = $3) c, generate_series(1, 2000) g`,
        [world.tenantId, crowd, opened.caseId],
      );
      await runner.query('ANALYZE');
      await runner.query('SET LOCAL ROLE ratify_runtime');
      await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [world.tenantId]);
      for (const { sql, params } of sent) {
        const [{ 'QUERY PLAN': plan }] = (await runner.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
          params,
        )) as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
        // Every case row read (each one tested by participantSql) is one case_people names the
        // reader in: the reader is named in the council's few first cases, none of the 2,000.
        const [{ n: named }] = await runner.query(
          'SELECT count(*)::int AS n FROM case_people WHERE person_id = $1',
          [reader],
        );
        expect(casesRead(plan[0].Plan)).toBeLessThanOrEqual(named);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** How many rows of cases the plan's scans of cases read, kept or removed by a filter, over all their loops. */
function casesRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'cases' && /Scan/.test(node['Node Type'])
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((n, p) => n + casesRead(p), 0);
}
