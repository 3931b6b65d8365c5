import type { RoleBinding } from '../governance/authority.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { DirectoryRepository } from './directory.repository';

/*
 * The directory's reads for governance (a person, offices with their holders, delegations, a body's
 * seat, the role holders of cases) take the council's scope: a call scoped to council A reads none
 * of council B's rows, whatever ids it is given. The calls run outside every request's scope, where
 * row-level security lets every row through (ADR 0015): what keeps B's rows out is the repository's
 * own clause.
 */
describe('the directory repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const directory = new DirectoryRepository();
  const on = '2025-06-02';

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Council B's roles: an office, a delegation, its Health and Wellbeing Board's chair, officers. */
  const rolesOfB = (): Record<string, RoleBinding> => ({
    chiefExecutive: { kind: 'office', officeId: w.b.ids.offices.ceo },
    delegatedApprover: { kind: 'delegation', delegationId: w.b.ids.delegations.bcfApproval },
    chair: { kind: 'seat', bodyId: w.b.ids.bodies.hwbb, seat: 'chair' },
    officer: { kind: 'officers' },
  });

  it('does not find another council’s person, offices, delegations, seats or bodies', async () => {
    const m = db.ds.manager;
    const { b, scopeA, scopeB } = w;
    const chair = b.ids.people.chair;
    expect(await directory.person(scopeB, m, chair)).toMatchObject({ id: chair });
    await expect(directory.person(scopeA, m, chair)).resolves.toBeNull();

    const [office] = await directory.offices(scopeB, m, [b.ids.offices.ceo], on);
    expect(office).toMatchObject({ id: b.ids.offices.ceo, holderPersonId: b.ids.people.ceo });
    await expect(directory.offices(scopeA, m, [b.ids.offices.ceo], on)).resolves.toEqual([]);

    const delegation = b.ids.delegations.bcfApproval;
    expect(await directory.delegations(scopeB, m, [delegation])).toHaveLength(1);
    await expect(directory.delegations(scopeA, m, [delegation])).resolves.toEqual([]);

    const hwbb = b.ids.bodies.hwbb;
    expect(await directory.seatOf(scopeB, m, hwbb, 'chair', on)).toMatchObject({
      holder: expect.any(String),
    });
    await expect(directory.seatOf(scopeA, m, hwbb, 'chair', on)).resolves.toBeNull();

    expect((await directory.bodyNames(scopeB, m, [hwbb])).has(hwbb)).toBe(true);
    await expect(directory.bodyNames(scopeA, m, [hwbb])).resolves.toEqual(new Map());
  });

  it('reads nothing of another council’s directory for a case’s roles', async () => {
    const m = db.ds.manager;
    const { b, scopeA, scopeB } = w;
    const officer = b.ids.people.officer;
    const theirs = await directory.caseDirectory(scopeB, m, rolesOfB(), officer, on);
    expect(theirs.offices.length).toBeGreaterThan(0);
    expect(theirs.delegations).toHaveLength(1);
    expect(theirs.seats?.length).toBeGreaterThan(0);
    expect(theirs.people.length).toBeGreaterThan(0);
    const ours = await directory.caseDirectory(scopeA, m, rolesOfB(), officer, on);
    expect(ours).toMatchObject({ offices: [], delegations: [], seats: [], people: [] });
  });

  it('names none of another council’s people as the holders of a case’s roles', async () => {
    const m = db.ds.manager;
    const { b, scopeA, scopeB } = w;
    const officer = b.ids.people.officer;
    const held = await directory.roleHolders(scopeB, m, rolesOfB(), officer, on, undefined);
    expect(Object.values(held).every((h) => h.person !== null)).toBe(true);
    const ours = await directory.roleHolders(scopeA, m, rolesOfB(), officer, on, undefined);
    expect(Object.values(ours).map((h) => h.person)).toEqual([null, null, null, null]);
    const cases = [{ key: w.caseOfB, roles: rolesOfB(), caseOfficerId: officer, words: undefined }];
    const many = await directory.roleHoldersOfCases(scopeA, m, cases, on);
    expect(Object.values(many.get(w.caseOfB)!).map((h) => h.person)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const theirs = await directory.roleHoldersOfCases(scopeB, m, cases, on);
    expect(theirs.get(w.caseOfB)).toEqual(held);
  });
});
