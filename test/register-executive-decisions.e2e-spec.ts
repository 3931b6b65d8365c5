import { RegisterRepository } from '../libs/register/register.repository';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { TenantRepository } from '../libs/directory/tenant.repository';
import type { Actor } from '../libs/core/actor.dto';
import {
  DecisionRegisterService,
  type RegisterEntry,
  type RegisterFilter,
} from '../libs/register/decision-register.service';
import {
  JCB_V1_MEETING as MEETING,
  type JcbV1Journey,
  jcbV1JourneyHarness,
} from '../libs/testing/jcb-v1-journey-harness.service';
import {
  inRegisterOrder,
  matchesRegisterFilter,
} from '../libs/testing/register-filter-oracle.service';

/*
 * The register's SQL reads the executive's (JCB, reg 12) notices from the snapshot as the JCB
 * notice builder does (register.repository.ts, issue #21): whether a notice exists, is a Part 2
 * item, a key decision, called in, implementable, subject to call-in, and whose it is. Each filter
 * the database applies finds exactly the decisions whose notices, as the builder makes them, say so.
 */
describe('the public register’s executive decisions, against the JCB notice builder', () => {
  const j = jcbV1JourneyHarness();
  const { send, openCase, publish, toShowOfHands, meeting, allFor, decision } = j;
  let h: JcbV1Journey['h'];
  let tenantId: string;
  let actors: Record<string, Actor>;
  let register: DecisionRegisterService;
  let cases: Record<string, string>;
  /** Every case's notice as the builder makes it, for the cases that have a published one. */
  let expected: RegisterEntry[];

  beforeAll(async () => {
    let db: JcbV1Journey['db'];
    ({ db, h, actors } = j.ready());
    tenantId = j.ready().world.tenantId;
    register = new DecisionRegisterService(
      db.ds,
      h.clock,
      new RegisterRepository(),
      new DirectoryRepository(),
      new TenantRepository(),
    );
    cases = {};
    cases.implementable = await openCase('Integrated carers support service contract');
    await publish(cases.implementable);
    cases.notKey = await openCase('Day centre lease renewal');
    await publish(cases.notKey, { keyDecision: false, forwardPlanPublishedOn: null });
    cases.partTwo = await openCase('Purchase of the Bargate clinic');
    await publish(cases.partTwo, {
      privateItem: {
        noticePublishedOn: '2025-07-01',
        reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
      },
    });
    cases.calledIn = await openCase('Respite beds framework');
    await publish(cases.calledIn);
    h.clock.set('2025-09-08T09:00:00Z');
    await send(cases.calledIn, 'CALL_IN', {
      calledInOn: '2025-09-08',
      calledInBy: 'Cllr Gray',
      reasons: 'The framework was not consulted on',
    });
    // The call-in period of the others passes without call-in: implementable from 15 September.
    h.clock.set('2025-09-12T23:30:00Z');
    await h.sweep.sweep();
    cases.subject = await openCase('Stroke rehabilitation pathway');
    await publish(cases.subject); // its call-in period running
    cases.unpublished = await openCase('Carers’ breaks pilot');
    await toShowOfHands(cases.unpublished);
    await send(cases.unpublished, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(cases.unpublished, 'RECORD_DECISION', decision(), actors.cab1);
    await send(cases.unpublished, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    const built = await Promise.all(Object.values(cases).map((id) => register.entry(tenantId, id)));
    expected = inRegisterOrder(built.filter((e): e is RegisterEntry => e !== null));
  });

  it('lists every published executive decision the builder makes a notice of, and no other', async () => {
    expect(expected.map((e) => e.caseId).sort()).toEqual(
      Object.entries(cases)
        .filter(([k]) => k !== 'unpublished')
        .map(([, id]) => id)
        .sort(),
    );
    expect(expected.every((e) => e.kind === 'executive')).toBe(true);
    expect(await register.list(tenantId)).toEqual(expected);
    const partTwo = expected.find((e) => e.caseId === cases.partTwo)!;
    expect(partTwo.exempt).toBe(true);
    expect(JSON.stringify(partTwo.notice)).not.toContain('Bargate');
  });

  it.each<[string, RegisterFilter, string[]]>([
    ['executive decisions', { kind: 'executive' }, []],
    ['officers’ decisions', { kind: 'officer' }, ['none']],
    ['key decisions', { keyDecision: true }, []],
    ['not key decisions', { keyDecision: false }, ['notKey']],
    ['subject to call-in', { callIn: 'subject' }, []],
    ['called in', { callIn: 'calledIn' }, ['calledIn']],
    ['implementable', { callIn: 'implementable' }, []],
    ['words of the item’s title', { q: 'RESPITE' }, ['calledIn']],
    ['words of the decision', { q: 'carers together' }, []],
    ['words only a Part 2 item holds', { q: 'Bargate' }, ['none']],
    ['the decision maker', { decisionMaker: 'ada fox' }, []],
    ['a decision maker who made none', { decisionMaker: 'Gail' }, ['none']],
    ['publication dates', { from: '2025-09-05', to: '2025-09-05' }, []],
    ['a later publication date', { from: '2025-09-06' }, ['none']],
  ])('filters by %s as the notices say', async (_, f, exactly) => {
    const want = expected.filter((e) => matchesRegisterFilter(e, f));
    if (exactly.length)
      expect(want.map((e) => e.caseId)).toEqual(exactly[0] === 'none' ? [] : [cases[exactly[0]]]);
    else expect(want.length).toBeGreaterThan(0);
    expect((await register.page(tenantId, f, { limit: 100 })).entries).toEqual(want);
  });

  it('tells the filters apart: implementable, subject to call-in and called in are different decisions', () => {
    const of = (f: RegisterFilter) =>
      expected.filter((e) => matchesRegisterFilter(e, f)).map((e) => e.caseId);
    expect(of({ callIn: 'implementable' })).toEqual(
      expect.arrayContaining([cases.implementable, cases.partTwo]),
    );
    expect(of({ callIn: 'implementable' })).not.toContain(cases.calledIn);
    expect(of({ callIn: 'subject' })).toContain(cases.subject);
    expect(of({ callIn: 'subject' })).not.toContain(cases.notKey);
  });
});
