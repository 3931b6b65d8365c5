import type { Actor } from '../../core/actor.dto';
import { RecordAbsenceUseCase } from '../../directory/absences/record-absence.use-case';
import {
  linksOfRole,
  rolesAndAwaited,
  withBoardMemberDelegation,
} from '../../testing/absence-world.factory';
import {
  absenceCoverService,
  engineHarness,
  reassignRoleUseCase,
} from '../../testing/engine-harness.service';
import { openTestDatabase, type TestDatabase } from '../../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../../testing/world.factory';
import type { ReassignRoleUseCase } from './reassign-role.use-case';
import { absenceUseCases } from '../../testing/directory-use-cases.factory';

/*
 * A role an officer reassigns to someone already away goes on to their deputy in the same
 * transaction (ADR 0033), whoever builds the reassignment: the use case is given absence cover
 * when it is made (no cycle: absence cover builds on the reassignment's step, not on the use case),
 * so a reassignment wired by hand, as here, covers as the app's does (issue #14).
 */
describe('a role reassigned, by the use case wired by hand, to someone already away', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let reassign: ReassignRoleUseCase;
  let record: RecordAbsenceUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    reassign = reassignRoleUseCase(db.ds, h.clock);
    record = absenceUseCases(db.ds, h.clock, absenceCoverService(db.ds, h.clock)).record;
  });
  afterAll(async () => {
    await db.drop();
  });

  /** Agreed by both Chief Executives: the case awaits the Chair's approval under delegation. */
  async function caseAwaitingApproval(w: BcfWorld): Promise<string> {
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    const steps: [string, Actor][] = [
      ['SEEK_AGREEMENT', w.actors.officer],
      ['AGREE', w.actors.ceo],
      ['AGREE', w.actors.ao],
    ];
    let version = 1;
    for (const [type, actor] of steps)
      version = (
        await h.send.send(caseId, { type, payload: {} }, actor, { expectedVersion: version })
      ).version;
    return caseId;
  }

  it('hands the role on to the deputy, who alone is asked, each step on the case’s record', async () => {
    const w = await buildBcfWorld(db.ds, { tweak: withBoardMemberDelegation });
    const caseId = await caseAwaitingApproval(w);
    await record.record(
      { deputyPersonId: w.ids.people.gp, firstDay: '2021-10-01', lastDay: '2021-10-08' },
      w.actors.cabinet,
    );

    const done = await reassign.reassign(
      caseId,
      'delegatedApprover',
      {
        expectedVersion: 4,
        holderId: w.ids.delegations.bcfApprovalVice,
        reason: 'The Chair has declared an interest in the plan.',
      },
      w.actors.officer,
    );

    expect(done).toMatchObject({ version: 6 });
    expect(await linksOfRole(db.ds, caseId, 'delegatedApprover')).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided' },
      { name: 'Dr Sam Okafor', status: 'open' },
    ]);
    const c = await rolesAndAwaited(db.ds, caseId);
    expect(c.roles.delegatedApprover).toEqual({
      kind: 'delegation',
      delegationId: w.ids.delegations.bcfApprovalMember,
    });
    expect(c.awaited).toEqual([w.ids.people.gp]);
    const trail = await h.audit.trail(w.tenantId, caseId);
    expect(trail.slice(-2)).toMatchObject([
      {
        authority: { kind: 'officer' },
        event: {
          type: 'ROLE_REASSIGNED',
          to: { person: 'Cllr Chris Lane' },
          requests: [],
          withheld: [{ role: 'delegatedApprover', message: 'approval-requested' }],
        },
      },
      {
        authority: { kind: 'system', job: 'absence-cover' },
        event: {
          type: 'ROLE_REASSIGNED',
          to: { person: 'Dr Sam Okafor' },
          requests: [{ role: 'delegatedApprover', message: 'approval-requested' }],
        },
      },
    ]);
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true });
  });
});
