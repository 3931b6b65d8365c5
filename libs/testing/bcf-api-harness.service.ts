import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { testAppHarness } from './test-app.service';
import { type BcfWorld, buildBcfWorld, openBcfCaseBody } from './world.factory';

/*
 * BCF plans through the HTTP API as officers and board members drive them (test/bcf-journey and
 * bcf-case-list): a database, app and BCF council per test (a deadline sweep fires every due row,
 * so tests must not share one), on a clock from Fri 1 Oct 2021; the case opened, moved on, read
 * and listed as an officer would, and read back as an officer sees it.
 */

export type BcfWho = 'officer' | 'ceo' | 'ao' | 'chair';

/** An open deadline or reminder as a case lists it. */
export const deadline = (key: string, dueAt: string) => ({ key, kind: 'deadline', dueAt });
export const reminder = (key: string, dueAt: string) => ({ key, kind: 'reminder', dueAt });

/** The BCF worlds' clock: Fri 1 Oct 2021, 9 am (UTC). */
const bcfClock = () => new ManualClock(new Date('2021-10-01T09:00:00Z'));

/** A database, app and BCF council for a whole spec file whose tests each open their own cases. */
export function bcfAppPerFile() {
  return testAppHarness({
    what: 'the council and the app',
    per: 'file',
    beforeApp: async (db) => ({ clock: bcfClock(), world: await buildBcfWorld(db.ds) }),
    clock: (t) => t.clock,
  });
}

/** As bcfAppPerFile, with another BCF council beside the first (`other`). */
export function twoBcfCouncilsPerFile() {
  return testAppHarness({
    what: 'two councils and the app',
    per: 'file',
    beforeApp: async (db) => ({
      clock: bcfClock(),
      world: await buildBcfWorld(db.ds),
      other: await buildBcfWorld(db.ds),
    }),
    clock: (t) => t.clock,
  });
}

/** Opens a BCF plan in `w`'s council as its officer, over the API: the case's id. */
export async function openBcfCaseOverApi(app: INestApplication, w: BcfWorld): Promise<string> {
  return (await openedOverApi(app, w)).caseId;
}

/**
 * A BCF plan opened over the API by `w`'s officer (`overrides` on openBcfCaseBody's body), who
 * then seeks the approvers' agreement (SEEK_AGREEMENT at version 1, expecting it recorded): the
 * Chief Executive and the Accountable Officer are awaited, their links made with the app's own
 * secret and their emails in the outbox. The case's id and reference.
 */
export async function caseAwaitingAgreementOverApi(
  app: INestApplication,
  w: BcfWorld,
  overrides: Record<string, unknown> = {},
): Promise<{ caseId: string; reference: string }> {
  const opened = await openedOverApi(app, w, overrides);
  await request(app.getHttpServer())
    .post(`/api/cases/${opened.caseId}/events`)
    .set('Authorization', `Bearer ${w.keys.officer}`)
    .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
    .expect(200);
  return opened;
}

async function openedOverApi(
  app: INestApplication,
  w: BcfWorld,
  overrides: Record<string, unknown> = {},
): Promise<{ caseId: string; reference: string }> {
  const res = await request(app.getHttpServer())
    .post('/api/cases')
    .set('Authorization', `Bearer ${w.keys.officer}`)
    .send(openBcfCaseBody(w, overrides))
    .expect(201);
  const { id, reference } = res.body as { id: string; reference: string };
  return { caseId: id, reference };
}

/**
 * Sends an event over the API as `who` of `w` and reads the case back as them: the reply's text,
 * the read's text and the reply's body (the event-reply specs compare the two texts).
 */
export async function sendAndReadOverApi(
  app: INestApplication,
  w: BcfWorld,
  event: { id: string; who: string; type: string; expectedVersion: number; payload?: object },
) {
  const server = () => request(app.getHttpServer());
  const auth = { Authorization: `Bearer ${w.keys[event.who]}` };
  const sent = await server()
    .post(`/api/cases/${event.id}/events`)
    .set(auth)
    .send({
      type: event.type,
      expectedVersion: event.expectedVersion,
      payload: event.payload ?? {},
    });
  expect({ status: sent.status, body: sent.body as unknown }).toMatchObject({ status: 200 });
  const read = await server().get(`/api/cases/${event.id}`).set(auth).expect(200);
  return { reply: sent.text, read: read.text, body: sent.body as Record<string, unknown> };
}

/** Opens a database, app and BCF council before each test, closes them after. */
export function bcfApiHarness() {
  const ready = testAppHarness({
    what: 'the council and the app',
    per: 'test',
    beforeApp: async (db) => ({ clock: bcfClock(), world: await buildBcfWorld(db.ds) }),
    clock: (t) => t.clock,
  });
  const db = () => ready().db;
  const app = () => ready().app;
  const clock = () => ready().clock;
  const world = () => ready().world;

  const auth = (who: BcfWho, w: BcfWorld = world()) => ({
    Authorization: `Bearer ${w.keys[who]}`,
  });
  const person = (key: string) => world().ids.people[key];

  async function openCase(
    overrides: Record<string, unknown> = {},
    w: BcfWorld = world(),
  ): Promise<CaseView> {
    const res = await request(app().getHttpServer())
      .post('/api/cases')
      .set(auth('officer', w))
      .send(openBcfCaseBody(w, overrides))
      .expect(201);
    return res.body as CaseView;
  }

  /** Sends an event as `who` at the version given, expecting it recorded. */
  async function send(
    caseId: string,
    who: BcfWho,
    type: string,
    expectedVersion: number,
    payload?: Record<string, unknown>,
  ): Promise<CaseView> {
    const res = await request(app().getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth(who))
      .send({ type, expectedVersion, ...(payload ? { payload } : {}) });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
    return res.body as CaseView;
  }

  async function read(caseId: string): Promise<CaseView> {
    const res = await request(app().getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set(auth('officer'))
      .expect(200);
    return res.body as CaseView;
  }

  /** The ids of the cases the officer's list shows for a query, sorted. */
  async function list(query: string): Promise<string[]> {
    const res = await request(app().getHttpServer())
      .get(`/api/cases?${query}`)
      .set(auth('officer'))
      .expect(200);
    return (res.body as { items: CaseView[] }).items.map((c) => c.id).sort();
  }

  /** What an officer reads off a case: the words, the people awaited, what is due, the version. */
  const seen = (v: CaseView) => ({
    version: v.version,
    state: v.state,
    awaiting: v.awaiting.map((a) => ({ role: a.role, person: a.person })),
    openDeadlines: v.openDeadlines.map(({ key, kind, dueAt }) => ({ key, kind, dueAt })),
  });
  /** A role awaited, as a case shows it: the person by id and name. */
  const named = (role: string, key: string, name: string) => ({
    role,
    person: { id: person(key), name },
  });

  return { db, app, clock, world, auth, person, openCase, send, read, list, seen, named };
}
