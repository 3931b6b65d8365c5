import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { BodyRulesRepository } from '../directory/body-rules.repository';
import { BodyRepository } from '../directory/body.repository';
import { DelegationRepository } from '../directory/delegation.repository';
import { MembershipSubstituteRepository } from '../directory/membership-substitute.repository';
import { MembershipRepository } from '../directory/membership.repository';
import { OfficeRepository } from '../directory/office.repository';
import { OrganisationRepository } from '../directory/organisation.repository';
import { PersonNamesRepository } from '../directory/person-names.repository';
import { PersonRepository } from '../directory/person.repository';
import { publishingVersions } from '../register/register-shape.service';
import { RegisterRepository } from '../register/register.repository';
import { AbsenceRepository } from '../directory/absences/absence.repository';
import { withViceChairDelegation } from '../testing/absence-world.factory';
import { giveStaffAccount } from '../testing/directory-world.factory';
import { engineHarness } from '../testing/engine-harness.service';
import {
  buildOfficerDecisionWorld,
  openDescribedDecision,
  publishDescribedDecision,
} from '../testing/officer-decision-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseReadersRepository } from './case-readers.repository';
import { CaseSearchRepository } from './case-search.repository';
import { CaseRepository } from './case.repository';
import { OfficerDashboardRepository } from './officer-dashboard.repository';
import { absenceUseCases } from '../testing/directory-use-cases.factory';

/*
 * The repositories of the directory and of cases take the council's scope, and a call scoped to one
 * council neither reads nor writes another's rows, whatever id it is given. The calls here run
 * outside every request's and worker's scope, where the tests' data source looks across councils
 * (ADR 0015): row-level security lets every row through, so what keeps council B's rows from a
 * call scoped to council A is the repository's own clause.
 */
describe('repositories scoped to one council', () => {
  let db: TestDatabase;
  let a: BcfWorld;
  let b: BcfWorld;
  let scopeA: TenantScope;
  let scopeB: TenantScope;
  let caseOfA: string;
  let caseOfB: string;
  const bodies = new BodyRepository();
  const people = new PersonRepository();
  const cases = new CaseRepository();
  const organisations = new OrganisationRepository();
  const seats = new MembershipRepository();
  const substitutes = new MembershipSubstituteRepository();
  const offices = new OfficeRepository();
  const delegations = new DelegationRepository();
  const bodyRules = new BodyRulesRepository();
  const names = new PersonNamesRepository();
  const search = new CaseSearchRepository();
  const readers = new CaseReadersRepository();
  const register = new RegisterRepository();
  const absences = new AbsenceRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    a = await buildBcfWorld(db.ds);
    b = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    scopeA = tenantScope(a.tenantId);
    scopeB = tenantScope(b.tenantId);
    const h = engineHarness(db.ds);
    caseOfA = (await h.open.open(openBcfCaseBody(a), a.actors.officer)).caseId;
    caseOfB = (await h.open.open(openBcfCaseBody(b), b.actors.officer)).caseId;
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not find, list or change another council’s body', async () => {
    const m = db.ds.manager;
    const hwb = b.ids.bodies.hwbb;
    const theirs = (await bodies.find(scopeB, m, hwb))!;
    expect(theirs.id).toBe(hwb);
    await expect(bodies.find(scopeA, m, hwb)).resolves.toBeNull();
    await expect(bodies.rulesOf(scopeA, m, hwb, '2021-11-01')).resolves.toBeNull();
    await expect(
      bodies.onDate(scopeA, m, { bodyId: hwb }, '2021-11-01', [b.ids.people.chair]),
    ).resolves.toBeNull();
    const listed = await bodies.list(scopeA, m, { limit: 100, offset: 0 });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((x) => x.id)).not.toContain(hwb);
    expect(listed.map((x) => x.id).sort()).toEqual(Object.values(a.ids.bodies).sort());
    expect((await bodies.names(scopeA, m)).map((x) => x.id)).not.toContain(hwb);
    // Both councils have a body of this name; council A's scope finds its own.
    expect((await bodies.withName(scopeA, m, theirs.name, null))?.id).toBe(a.ids.bodies.hwbb);

    await expect(bodies.update(scopeA, m, { ...theirs, name: 'Renamed by A' })).resolves.toBeNull();
    expect((await bodies.find(scopeB, m, hwb))!).toMatchObject({
      name: theirs.name,
      version: theirs.version,
    });
  });

  it('does not find, list or change another council’s person', async () => {
    const m = db.ds.manager;
    const chair = b.ids.people.chair;
    const theirs = (await people.find(scopeB, m, chair))!;
    expect(theirs.email).toBe(b.emailOf('chair'));
    await expect(people.find(scopeA, m, chair)).resolves.toBeNull();
    await expect(people.withEmail(scopeA, m, theirs.email, null)).resolves.toBeNull();
    await expect(
      people.list(scopeA, m, { email: theirs.email, limit: 10, offset: 0 }),
    ).resolves.toEqual([]);
    const everyone = await people.list(scopeA, m, { limit: 500, offset: 0 });
    expect(everyone.map((p) => p.id).sort()).toEqual(Object.values(a.ids.people).sort());

    await expect(people.update(scopeA, m, { ...theirs, name: 'Renamed by A' })).resolves.toBeNull();
    expect((await people.find(scopeB, m, chair))!).toMatchObject({
      name: theirs.name,
      version: theirs.version,
    });
  });

  it('does not find, count, list or advance another council’s case', async () => {
    const m = db.ds.manager;
    const theirs = (await cases.find(scopeB, m, caseOfB))!;
    expect(theirs.tenantId).toBe(b.tenantId);
    await expect(cases.find(scopeA, m, caseOfB)).resolves.toBeNull();
    await expect(cases.findForSend(scopeA, m, caseOfB)).resolves.toBeNull();
    await expect(cases.eventsOf(scopeA, m, caseOfB)).resolves.toEqual([]);
    await expect(cases.lastTakenAt(scopeA, m, caseOfB, 'CASE_OPENED')).resolves.toBeNull();
    expect((await cases.eventsOf(scopeB, m, caseOfB)).map((e) => e.type)).toEqual(['CASE_OPENED']);
    const listed = await cases.list(scopeA, m, { limit: 100, offset: 0 });
    expect(listed.map((c) => c.id)).toEqual([caseOfA]);
    await expect(cases.count(scopeA, m, { open: true })).resolves.toBe(1);
    const states = await new OfficerDashboardRepository().openStateCounts(scopeA, m, 1000);
    expect(states.reduce((n, s) => n + s.count, 0)).toBe(1);

    const at = { id: caseOfB, expectedVersion: theirs.version };
    await expect(cases.rebindRoles(scopeA, m, at, {})).resolves.toBe(false);
    await expect(
      cases.advance(
        scopeA,
        m,
        at,
        {
          snapshot: theirs.snapshot,
          stateKey: 'tampered',
          summary: 'Advanced by another council',
          awaitingPersonIds: [],
          at: new Date(),
          closed: true,
          auditHead: theirs.auditHead,
        },
        { type: 'TEST', payload: {}, actorPersonId: null, authority: {} },
      ),
    ).resolves.toBeNull();
    expect((await cases.find(scopeB, m, caseOfB))!).toMatchObject({
      version: theirs.version,
      stateKey: theirs.stateKey,
      roles: theirs.roles,
      closedAt: null,
    });
  });

  it('does not find, list or change another council’s organisation', async () => {
    const m = db.ds.manager;
    const ccg = b.ids.organisations.ccg;
    const theirs = (await organisations.find(scopeB, m, ccg))!;
    expect(theirs.id).toBe(ccg);
    await expect(organisations.find(scopeA, m, ccg)).resolves.toBeNull();
    // Both councils have an organisation of this name; council A's scope finds its own.
    expect((await organisations.findByName(scopeA, m, theirs.name))?.id).toBe(
      a.ids.organisations.ccg,
    );
    const listed = await organisations.list(scopeA, m, { limit: 100, offset: 0 });
    expect(listed.map((o) => o.id).sort()).toEqual(Object.values(a.ids.organisations).sort());

    await expect(
      organisations.update(scopeA, m, { ...theirs, name: 'Renamed by A' }),
    ).resolves.toBeNull();
    expect((await organisations.find(scopeB, m, ccg))!).toMatchObject({
      name: theirs.name,
      version: theirs.version,
    });
  });

  it('does not find, list or change another council’s seats or their substitutes', async () => {
    const m = db.ds.manager;
    const hwb = b.ids.bodies.hwbb;
    const [seat] = await seats.list(scopeB, m, { bodyId: hwb, limit: 1, offset: 0 });
    expect(seat.bodyId).toBe(hwb);
    await expect(seats.find(scopeA, m, seat.id)).resolves.toBeNull();
    await expect(seats.ofBody(scopeA, m, hwb)).resolves.toEqual([]);
    await expect(seats.list(scopeA, m, { bodyId: hwb, limit: 10, offset: 0 })).resolves.toEqual([]);
    const ofA = await seats.list(scopeA, m, { limit: 500, offset: 0 });
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofA.map((s) => s.id)).not.toContain(seat.id);
    await expect(
      seats.update(scopeA, m, seat.id, seat.version, { ...seat, voting: !seat.voting }),
    ).resolves.toBeNull();
    expect((await seats.find(scopeB, m, seat.id))!).toMatchObject({
      voting: seat.voting,
      version: seat.version,
    });

    const stand = Object.values(b.ids.people).find((p) => p !== seat.personId)!;
    const named = await substitutes.insert(scopeB, m, {
      membershipId: seat.id,
      personId: stand,
      validFrom: seat.validFrom,
      validUntil: null,
      reference: 'Scheme of substitutes 1',
    });
    await expect(substitutes.find(scopeA, m, named.id)).resolves.toBeNull();
    await expect(substitutes.ofSeat(scopeA, m, seat.id)).resolves.toEqual([]);
    expect((await substitutes.ofSeat(scopeB, m, seat.id)).map((x) => x.id)).toEqual([named.id]);
    await expect(
      substitutes.update(scopeA, m, named.id, named.version, {
        membershipId: seat.id,
        personId: stand,
        validFrom: seat.validFrom,
        validUntil: seat.validFrom,
        reference: 'Ended by A',
      }),
    ).resolves.toBeNull();
    expect((await substitutes.find(scopeB, m, named.id))!).toMatchObject({
      reference: 'Scheme of substitutes 1',
      validUntil: null,
      version: named.version,
    });
  });

  it('does not find, list or change another council’s offices or their holders', async () => {
    const m = db.ds.manager;
    const ceo = b.ids.offices.ceo;
    const on = '2021-11-01';
    const theirs = (await offices.find(scopeB, m, ceo))!;
    const [held] = await offices.holdings(scopeB, m, ceo);
    expect(held.officeId).toBe(ceo);
    await expect(offices.find(scopeA, m, ceo)).resolves.toBeNull();
    await expect(offices.holdings(scopeA, m, ceo)).resolves.toEqual([]);
    await expect(offices.holding(scopeA, m, ceo, held.id)).resolves.toBeNull();
    await expect(offices.holdingsOfPersonFrom(scopeA, m, held.personId, on)).resolves.toEqual([]);
    // Both councils have an office of this title; council A's scope finds its own.
    expect((await offices.findByTitle(scopeA, m, theirs.title))?.id).toBe(a.ids.offices.ceo);
    const listed = await offices.list(scopeA, m, { on, limit: 500, offset: 0 });
    expect(listed.map((o) => o.id).sort()).toEqual(Object.values(a.ids.offices).sort());

    await expect(
      offices.update(scopeA, m, { ...theirs, title: 'Renamed by A' }),
    ).resolves.toBeNull();
    await expect(offices.updateHolding(scopeA, m, { ...held, until: on })).resolves.toBe(false);
    expect((await offices.find(scopeB, m, ceo))!).toMatchObject({
      title: theirs.title,
      version: theirs.version,
    });
    expect((await offices.holding(scopeB, m, ceo, held.id))!).toMatchObject({
      until: held.until,
      version: held.version,
    });
  });

  it('does not find, list or change another council’s delegations', async () => {
    const m = db.ds.manager;
    const granted = b.ids.delegations.bcfApproval;
    const theirs = (await delegations.find(scopeB, m, granted))!;
    expect(theirs.id).toBe(granted);
    await expect(delegations.find(scopeA, m, granted)).resolves.toBeNull();
    await expect(
      delegations.ofOffice(scopeA, m, theirs.delegateOfficeId, 'to', null),
    ).resolves.toEqual([]);
    const listed = await delegations.list(scopeA, m, { limit: 500, offset: 0 });
    expect(listed.map((d) => d.id).sort()).toEqual(Object.values(a.ids.delegations).sort());
    const labelled = (await delegations.labels(scopeA, m)).map((d) => d.id);
    expect(labelled).toContain(a.ids.delegations.bcfApproval);
    expect(labelled).not.toContain(granted);

    await expect(
      delegations.update(scopeA, m, granted, theirs.version, { ...theirs, reference: 'By A' }),
    ).resolves.toBeNull();
    expect((await delegations.find(scopeB, m, granted))!).toMatchObject({
      reference: theirs.reference,
      version: theirs.version,
    });
  });

  it('does not find, list or change another council’s absences, nor read its offices and delegations for cover', async () => {
    const m = db.ds.manager;
    const day = '2021-10-01';
    const at = new Date('2021-10-01T09:00:00Z');
    const chairOfB = b.ids.people.chair;
    const away = await absenceUseCases(db.ds, engineHarness(db.ds).clock).record.record(
      { deputyPersonId: b.ids.people.cabinet, firstDay: '2021-10-04', lastDay: '2021-10-08' },
      b.actors.chair,
    );
    expect(await absences.find(scopeB, m, away.id)).toMatchObject({ id: away.id });
    await expect(absences.find(scopeA, m, away.id)).resolves.toBeNull();
    const listed = await absences.list(scopeA, m, { from: day, limit: 500 });
    expect(listed.map((x) => x.id)).not.toContain(away.id);
    await expect(
      absences.list(scopeA, m, { personId: chairOfB, from: day, limit: 9 }),
    ).resolves.toEqual([]);
    await expect(absences.runningFor(scopeA, m, [chairOfB], '2021-10-05')).resolves.toEqual([]);
    await expect(
      absences.overlapping(scopeA, m, [chairOfB], '2021-10-01', '2021-10-31', null),
    ).resolves.toEqual([]);
    await expect(absences.officesHeld(scopeA, m, chairOfB, day)).resolves.toEqual([]);
    const bDelegation = b.ids.delegations.bcfApprovalVice;
    await expect(absences.delegationsById(scopeA, m, [bDelegation])).resolves.toEqual([]);
    const bOffices = await absences.officesHeld(scopeB, m, b.ids.people.cabinet, day);
    expect(bOffices.length).toBeGreaterThan(0);
    await expect(absences.delegationsTo(scopeA, m, bOffices, at)).resolves.toEqual([]);
    const held = (await absences.heldDelegationsOn(scopeA, m, day, at)).map((d) => d.id);
    expect(held).not.toContain(bDelegation);
    expect(held).toContain(a.ids.delegations.bcfApproval);

    await expect(absences.cancel(scopeA, m, away.id, away.version, chairOfB, at)).resolves.toBe(
      false,
    );
    await absences.markCovered(scopeA, m, away.id, at);
    expect(await absences.find(scopeB, m, away.id)).toMatchObject({
      cancelledAt: null,
      coveredAt: null,
      version: away.version,
    });
  });

  it('does not read another council’s body rules', async () => {
    const m = db.ds.manager;
    const hwb = b.ids.bodies.hwbb;
    expect((await bodyRules.history(scopeB, m, hwb)).length).toBeGreaterThan(0);
    await expect(bodyRules.any(scopeB, m, hwb)).resolves.toBe(true);
    await expect(bodyRules.history(scopeA, m, hwb)).resolves.toEqual([]);
    await expect(bodyRules.any(scopeA, m, hwb)).resolves.toBe(false);
    const days = await bodyRules.latestDays(scopeA, m);
    expect(days.has(a.ids.bodies.hwbb)).toBe(true);
    expect(days.has(hwb)).toBe(false);
  });

  it('does not offer another council’s people by name', async () => {
    const m = db.ds.manager;
    const offered = (await names.all(scopeA, m)).map((p) => p.id);
    expect(offered.sort()).toEqual(Object.values(a.ids.people).sort());
    expect((await names.all(scopeB, m)).map((p) => p.id)).toContain(b.ids.people.chair);
  });

  it('does not find, count or read another council’s case in a search', async () => {
    const m = db.ds.manager;
    const byTitle = { text: 'Better Care Fund' };
    await expect(search.count(scopeA, m, byTitle)).resolves.toBe(1);
    expect((await search.page(scopeA, m, byTitle, 10, 0)).map((c) => c.id)).toEqual([caseOfA]);
    const all: string[] = [];
    for await (const batch of search.all(scopeA, m, {})) all.push(...batch.map((c) => c.id));
    expect(all).toEqual([caseOfA]);
    await expect(search.count(scopeA, m, { text: caseOfB.slice(0, 8) })).resolves.toBe(0);
    expect(await search.snapshotOf(scopeB, m, caseOfB)).not.toBeNull();
    await expect(search.snapshotOf(scopeA, m, caseOfB)).resolves.toBeNull();
  });

  it('does not read another council’s staff role or part in a case', async () => {
    const m = db.ds.manager;
    const officer = b.ids.people.officer;
    await giveStaffAccount(db.ds, b.tenantId, officer, 'officer');
    await expect(readers.staffRole(scopeB, m, officer)).resolves.toBe('officer');
    await expect(readers.staffRole(scopeA, m, officer)).resolves.toBeNull();
    expect([...(await readers.participatesIn(scopeB, m, officer, [caseOfB]))]).toEqual([caseOfB]);
    expect([...(await readers.participatesIn(scopeA, m, officer, [caseOfB]))]).toEqual([]);
  });

  it('does not list or read another council’s published decisions in the register', async () => {
    const m = db.ds.manager;
    const c = await buildOfficerDecisionWorld(db.ds);
    const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    const caseOfC = await openDescribedDecision(h, c, {
      title: 'Library hours',
      matter: 'Opening hours of the central library',
      decisionDue: '2025-08-01',
    });
    await publishDescribedDecision(db.ds, h, c, caseOfC, '2025-08-01');
    const scopeC = tenantScope(c.tenantId);
    const all = {
      versions: publishingVersions(),
      filter: {},
      on: '2025-08-01',
    };
    expect((await register.published(scopeC, m, all)).map((r) => r.id)).toEqual([caseOfC]);
    await expect(register.published(scopeA, m, all)).resolves.toEqual([]);
    const after = { publishedOn: '2025-08-02', id: caseOfC };
    await expect(
      register.published(scopeA, m, { ...all, page: { limit: 10, after } }),
    ).resolves.toEqual([]);
    expect((await register.caseOf(scopeC, m, caseOfC))?.id).toBe(caseOfC);
    await expect(register.caseOf(scopeA, m, caseOfC)).resolves.toBeNull();
  });
});
