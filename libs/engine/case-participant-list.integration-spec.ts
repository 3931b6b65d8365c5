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

  const listed = async (personId: string, limit: number, offset: number) =>
    (
      await cases.list(tenantScope(world.tenantId), db.ds.manager, {
        participantId: personId,
        limit,
        offset,
      })
    ).map((c) => c.id);
  const old = async (personId: string, limit: number, offset: number) =>
    (await db.superuser<{ id: string }>(OLD_LIST, [world.tenantId, personId, limit, offset])).map(
      (r) => r.id,
    );
  /** Everyone of the council and one stranger: each one's whole list, and its pages of 2. */
  const expectTheOldAnswer = async (step: string) => {
    const people = await db.superuser<{ id: string }>(
      'SELECT id FROM people WHERE tenant_id = $1',
      [world.tenantId],
    );
    const counts: number[] = [];
    for (const personId of [...people.map((p) => p.id), '00000000-0000-4000-8000-000000000001']) {
      const whole = await old(personId, 100, 0);
      counts.push(whole.length);
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
    await expectTheOldAnswer('events sent');

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
    await expectTheOldAnswer('the stranger no longer awaited');
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
    await expectTheOldAnswer('the appointment moved back');
    expect(await listed(stranger.id, 100, 0)).toContain(opened[2]);

    // Every row is in its case's order, so a page is one range of the index.
    const astray = await db.superuser(
      `SELECT n.case_id FROM case_people n JOIN cases c ON c.id = n.case_id WHERE n.updated_at <> c.updated_at`,
    );
    expect(astray).toEqual([]);
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
});
