import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { DEMO_API_KEYS, seedDemo } from '../demo/demo-seed.service';
import type { TenantIds } from '../directory/tenant-setup.service';
import type { CaseView } from '../engine/case-view.service';
import { demoTenantIds } from './demo-tenant-ids.service';
import { testAppHarness } from './test-app.service';
import { DemoSeedProviders } from '../demo/demo-seed-providers.service';

/** Whose demo API key a request carries. */
export type DemoKey = keyof typeof DEMO_API_KEYS;

/*
 * The demo's own world as `npm start` seeds it (test/demo-*.e2e-spec.ts walk the seed paths on
 * it): a database and the app for the spec file, the demo seeded on a clock from the given
 * instant, and the calls every walk makes through the API: an event sent and expected recorded, a
 * case read, the demo's meeting of a body on a day.
 */
export function demoWorldHarness(at = '2026-11-25T10:00:00Z') {
  let ids: TenantIds | undefined;
  const clock = new ManualClock(new Date(at));
  const ready = testAppHarness({
    what: 'the demo and the app',
    clock,
    afterApp: async (t) => {
      await seedDemo(t.db.ds, clock, t.app.get(DemoSeedProviders));
      ids = await demoTenantIds(t.db.ds);
    },
  });
  const api = () => request(ready().app.getHttpServer());
  const as = (who: DemoKey) => ({ Authorization: `Bearer ${DEMO_API_KEYS[who]}` });

  /** Sends an event as `who` (the officer unless named) at the case's version: recorded, or fails naming the refusal. */
  async function send(
    c: CaseView,
    type: string,
    payload: Record<string, unknown> = {},
    who: DemoKey = 'officer',
  ): Promise<CaseView> {
    const res = await api()
      .post(`/api/cases/${c.id}/events`)
      .set(as(who))
      .send({ type, expectedVersion: c.version, payload });
    expect({ type, status: res.status, detail: res.body.detail }).toEqual({
      type,
      status: 200,
      detail: undefined,
    });
    return res.body as CaseView;
  }

  const read = async (id: string) =>
    (await api().get(`/api/cases/${id}`).set(as('officer')).expect(200)).body as CaseView;

  /** The demo's one meeting of a body (its title's start) on a day. */
  async function meetingOf(name: string, date: string): Promise<string> {
    const items = (await api().get('/api/meetings').set(as('officer')).expect(200)).body.items as {
      id: string;
      title: string;
      meetingDate: string;
    }[];
    const found = items.filter((m) => m.title.startsWith(`${name}, `) && m.meetingDate === date);
    expect(found).toHaveLength(1);
    return found[0].id;
  }

  return {
    app: () => ready().app,
    db: () => ready().db,
    clock,
    ids: () => {
      if (!ids) throw new Error('the demo is seeded in beforeAll');
      return ids;
    },
    api,
    as,
    send,
    read,
    meetingOf,
  };
}
