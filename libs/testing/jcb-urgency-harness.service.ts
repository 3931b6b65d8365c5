import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../engine/case-view.service';
import { engineHarness } from './engine-harness.service';
import { HttpCases } from './http-cases.service';
import {
  buildJcbWorld,
  jcbDecision,
  jcbHands,
  jcbMeetingFacts,
  type JcbWorld,
} from './jcb-world.factory';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';

/*
 * Version 2 of the JCB delegated decision through the HTTP API (test/jcb-urgency*.e2e-spec.ts): a
 * key decision exempted from call-in as urgent by the Chair of the Health Overview and Scrutiny
 * Panel (JCB ToR 6.10 and 10.1, seed 002), the case's urgency approver. Board meeting Thu 4 Sep
 * 2025; the notice published Fri 5 Sep 2025. A database, the JCB council and an app per spec file.
 */
export const URGENCY_MEETING = '2025-09-04';
export const URGENCY_PUBLISHED = '2025-09-05';
export const URGENCY_REASON =
  'The provider stops trading on 30 September; waiting for the call-in period would leave 400 carers without support';
const MEETING = URGENCY_MEETING;

type Problem = { code: string; detail: string; problems?: { message: string }[] };

export interface JcbUrgency {
  db: TestDatabase;
  world: JcbWorld;
  app: INestApplication;
  cases: HttpCases;
  clock: ReturnType<typeof engineHarness>['clock'];
}

/**
 * Builds the spec file's council and app before its tests and closes them after; `ready()` gives
 * them once built; the rest are the journeys' requests and steps.
 */
export function jcbUrgencyHarness() {
  const ready: () => JcbUrgency = testAppHarness({
    what: 'the urgency journeys’ world',
    beforeApp: async (db) => ({
      world: await buildJcbWorld(db.ds),
      clock: engineHarness(db.ds, '2025-08-01T09:00:00Z').clock,
      cases: new HttpCases(() => ready().app, keyOf),
    }),
    clock: (t) => t.clock,
  });
  const server = () => request(ready().app.getHttpServer());
  const keyOf = (who: string) => {
    const { world } = ready();
    return who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
  };
  const bearer = (who: string) => ({ Authorization: `Bearer ${keyOf(who)}` });

  const notices = {
    meetingDate: MEETING,
    itemTitle: 'Integrated carers support service contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
  };

  async function open(over: Record<string, unknown> = {}): Promise<CaseView> {
    const { clock, cases, world } = ready();
    clock.set('2025-08-01T09:00:00Z');
    // Version 2 is the one these journeys describe (version 3 adds answers by link).
    return cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 2,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
      ...over,
    });
  }

  /** Notices, a quorate meeting, consensus and the Cabinet member's decision. */
  async function decided(
    over: Record<string, unknown> = {},
    noticesOver: Record<string, unknown> = {},
  ): Promise<CaseView> {
    const { clock, cases, world } = ready();
    let c = await open(over);
    // The meeting day: the notices were given, the Board met, the decision is taken, and an
    // urgency agreed that day is not in the future.
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', { ...notices, ...noticesOver });
    const meeting = jcbMeetingFacts(world, MEETING);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands: jcbHands(world) });
    return cases.act(c, 'cab1', 'RECORD_DECISION', jcbDecision(world, MEETING));
  }

  /** Sends an event that must be refused, and checks the case is unchanged. */
  async function refusedWith(
    from: CaseView,
    who: string,
    type: string,
    payload: object,
    status: number,
  ): Promise<{ code: string; messages: string[]; detail: string }> {
    const res = await server()
      .post(`/api/cases/${from.id}/events`)
      .set(bearer(who))
      .send({ type, expectedVersion: from.version, payload });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const now = await ready().cases.read(from.id);
    expect(now.version).toBe(from.version);
    expect(now.state).toEqual(from.state);
    const body = res.body as Problem;
    return {
      code: body.code,
      detail: body.detail,
      messages: (body.problems ?? []).map((p) => p.message),
    };
  }

  return { ready, server, keyOf, bearer, notices, open, decided, refusedWith };
}
