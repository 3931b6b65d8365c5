import type { INestApplication } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { engineHarness } from './engine-harness.service';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';
import { type BcfWorld, buildBcfWorld } from './world.factory';

/*
 * The JCB delegated decision's version 1 journeys (test/jcb-delegated-decision*.e2e-spec.ts): a JCB
 * item decided under delegation (seed 002, JCB terms of reference): Board meeting Thu 4 Sep 2025; the
 * Summer bank holiday Mon 25 Aug 2025 is not a clear or working day. A database, a council with the
 * Board's six members, the Cabinet member's two delegations (£2M, and £1M to show the limit is the
 * directory's) and the Proper Officer, and an app sharing the engine harness's clock, per spec file.
 */
export const JCB_V1_MEETING = '2025-09-04';
export const JCB_V1_LATER_MEETING = '2025-10-02';
export const JCB_V1_MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['ccg1', 'Dr Dev Shah', 'ccg', false],
  ['ccg2', 'Dr Eve Long', 'ccg', false],
  ['ccg3', 'Dr Finn Roy', 'ccg', false],
] as const;

export interface JcbV1Journey {
  db: TestDatabase;
  world: BcfWorld;
  h: ReturnType<typeof engineHarness>;
  app: INestApplication;
  /** The Cabinet member (cab1) and the Proper Officer (proper) as actors. */
  actors: Record<string, Actor>;
  /** API keys of the members and the Proper Officer, by key. */
  keys: Record<string, string>;
}

async function buildJcbV1(db: TestDatabase): Promise<Omit<JcbV1Journey, 'db' | 'app'>> {
  const keys: Record<string, string> = {};
  const actors: Record<string, Actor> = {};
  const world = await buildBcfWorld(db.ds, {
    tweak: (spec) => {
      for (const [key, name, org] of JCB_V1_MEMBERS) {
        keys[key] = `test-${key}-${spec.slug}`;
        spec.people.push({
          key,
          name,
          email: `${key}@${spec.slug}.test`,
          organisation: org,
          apiKey: keys[key],
        });
        spec.memberships.push({
          body: 'jcb',
          person: key,
          role: 'member',
          organisation: org,
          validFrom: '2025-01-01',
        });
      }
      keys.proper = `test-proper-${spec.slug}`;
      spec.people.push({
        key: 'proper',
        name: 'Gail Price',
        email: `gail.price@${spec.slug}.test`,
        organisation: 'council',
        apiKey: keys.proper,
      });
      spec.offices.push(
        {
          key: 'cabinetHealth',
          title: 'Cabinet Member for Health and Adult Social Care',
          organisation: 'council',
          holder: 'cab1',
        },
        {
          key: 'properOfficer',
          title: 'Proper Officer, Democratic Services',
          organisation: 'council',
          holder: 'proper',
        },
      );
      spec.delegations.push({
        key: 'jcbDecision',
        body: 'jcb',
        office: 'cabinetHealth',
        scope: 'jcb-delegated-decision',
        reference: 'JCB ToR 8.1; Financial Procedure Rules: Cabinet member up to £2M',
        validFrom: new Date('2025-01-01T00:00:00Z'),
        amountLimit: 2_000_000,
        conditions: [
          { kind: 'requiresJcbConsensus' },
          { kind: 'unanimousCabinetMembers', count: 3 },
        ],
      });
      // The same office under a narrower delegation, to show the limit is the directory's.
      spec.delegations.push({
        key: 'jcbSmall',
        body: 'jcb',
        office: 'cabinetHealth',
        scope: 'jcb-delegated-decision',
        reference: 'JCB resolution: Cabinet member up to £1M for the carers programme',
        validFrom: new Date('2025-01-01T00:00:00Z'),
        amountLimit: 1_000_000,
        conditions: [{ kind: 'requiresJcbConsensus' }],
      });
    },
  });
  const people: { id: string; name: string; email: string; is_officer: boolean }[] =
    await db.ds.query('SELECT id, name, email, is_officer FROM people WHERE tenant_id = $1', [
      world.tenantId,
    ]);
  for (const key of ['cab1', 'proper']) {
    const p = people.find((x) => x.id === world.ids.people[key])!;
    actors[key] = {
      kind: 'person',
      tenantId: world.tenantId,
      person: { ...p, tenantId: world.tenantId, isOfficer: p.is_officer },
    };
  }
  const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
  return { world, h, actors, keys };
}

/**
 * Builds the spec file's JCB council before its tests and closes it after; `ready()` gives it once
 * built, and the rest are the journeys' facts and steps (the engine driven directly).
 */
export function jcbV1JourneyHarness() {
  const ready: () => JcbV1Journey = testAppHarness({
    what: 'the JCB journey’s world',
    beforeApp: buildJcbV1,
    clock: (t) => t.h.clock,
  });

  const id = (key: string) => ready().world.ids.people[key];
  /** The meeting facts: every member, those in `present` present (all by default). */
  const meeting = (
    meetingDate = JCB_V1_MEETING,
    opts: { present?: string[]; declarations?: object[] } = {},
  ) => {
    const present = opts.present ?? JCB_V1_MEMBERS.map(([k]) => k);
    return {
      meetingDate,
      members: JCB_V1_MEMBERS.map(([k, name, partner, cabinetMember]) => ({
        personId: id(k),
        name,
        partner,
        cabinetMember,
      })),
      attendance: JCB_V1_MEMBERS.map(([k, name]) => ({
        personId: id(k),
        name,
        status: present.includes(k) ? 'present' : 'apologies',
      })),
      declarations: opts.declarations ?? [],
      dispensations: [],
    };
  };
  /** Every present member's hand for, except those named (e.g. { ccg2: 'against' }). */
  const allFor = (
    except: Record<string, string> = {},
    present: string[] = JCB_V1_MEMBERS.map(([k]) => k),
  ) => present.map((k) => ({ personId: id(k), hand: except[k] ?? 'for' }));
  const notices = (over: object = {}) => ({
    meetingDate: JCB_V1_MEETING,
    itemTitle: 'Integrated carers support service contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
    ...over,
  });
  /** £1.5M by the Cabinet member, all 3 Cabinet members agreeing. */
  const decision = (over: object = {}) => ({
    decidedOn: JCB_V1_MEETING,
    decision: 'Award the integrated carers support contract to Carers Together CIC',
    reasons: 'Best quality and price in the tender; supported by both partners',
    alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: [id('cab1'), id('cab2'), id('cab3')],
    ...over,
  });

  /** Sends an event through the engine at the case's current version, and reads the case. */
  async function send(caseId: string, type: string, payload: object, who?: Actor) {
    const { h, world } = ready();
    const { version } = await h.views.get(world.tenantId, caseId);
    await h.send.send(caseId, { type, payload: { ...payload } }, who ?? world.actors.officer, {
      expectedVersion: version,
    });
    return h.views.get(world.tenantId, caseId);
  }
  const problems = (e: unknown) =>
    ((e as { problems?: { message: string }[] }).problems ?? []).map((p) => p.message);
  /** The refusal's code and problem messages; fails if the promise was not refused. */
  async function refusal(p: Promise<unknown>) {
    try {
      await p;
    } catch (e) {
      return { code: (e as { code: string }).code, messages: problems(e) };
    }
    throw new Error('expected a refusal');
  }

  async function openCase(
    title = 'Integrated carers support service contract',
    delegation = 'jcbDecision',
  ) {
    const { h, world } = ready();
    h.clock.set('2025-08-01T09:00:00Z');
    const { caseId } = await h.open.open(
      {
        // Version 1, which cases opened before version 2 still run on (test/jcb-urgency covers 2).
        template: 'jcb-delegated-decision',
        templateVersion: 1,
        title,
        dates: { meetingDate: JCB_V1_MEETING },
        roles: {
          decisionMaker: world.ids.delegations[delegation],
          properOfficer: world.ids.offices.properOfficer,
        },
      },
      world.actors.officer,
    );
    // The meeting's evening: its notices, attendance, hands, decision and signatures have happened.
    h.clock.set(`${JCB_V1_MEETING}T18:00:00Z`);
    return caseId;
  }
  async function toShowOfHands(caseId: string) {
    await send(caseId, 'RECORD_NOTICES', notices());
    return send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
  }
  /** Notices to publication on Fri 5 Sep 2025, the Proper Officer signing first. */
  async function publish(caseId: string, over: object = {}) {
    const { h, actors } = ready();
    await send(caseId, 'RECORD_NOTICES', notices(over));
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: JCB_V1_MEETING }, actors.proper);
    await send(caseId, 'SIGN_NOTICE', { signedOn: JCB_V1_MEETING }, actors.cab1);
    h.clock.set('2025-09-05T09:00:00Z');
    return send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
  }

  return {
    ready,
    id,
    meeting,
    allFor,
    notices,
    decision,
    send,
    refusal,
    openCase,
    toShowOfHands,
    publish,
  };
}
