import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { caseAwaitingAgreementOverApi } from './bcf-api-harness.service';
import { testAppHarness } from './test-app.service';
import { type BcfWorld, buildBcfWorld, openBcfCaseBody } from './world.factory';

/*
 * Bad input through the HTTP API (test/bad-input-*.e2e-spec.ts): every bad request gets a 4xx
 * RFC 9457 problem (application/problem+json) with a stable `code` and a `detail` sentence saying
 * what to fix, and leaves every table as it was. Never a 500.
 */

const TABLES = ['cases', 'case_events', 'audit_records', 'effects', 'deadlines'] as const;
export type Who = 'officer' | 'ceo' | 'ao' | 'chair' | 'gp';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  problems?: { path: string; message: string }[];
  currentVersion?: number;
  state?: string;
  /** EVENT_NOT_ALLOWED, NOT_AUTHORISED, AMBIGUOUS_ROLE: the event's type the words leave out. */
  event?: string;
}

/** Opens the spec file's database and app (clock at 1 October 2021) before its tests, closes them after. */
export function badInputHarness() {
  const ready = testAppHarness({
    what: 'the database and the app',
    clock: new ManualClock(new Date('2021-10-01T09:00:00Z')),
  });

  const ds = (): DataSource => ready().db.ds;
  const server = () => ready().app.getHttpServer();
  const auth = (w: BcfWorld, who: Who) => ({ Authorization: `Bearer ${w.keys[who]}` });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row]: Record<string, number>[] = await ds().query(
      `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    return row;
  }

  /** Sends the request and checks it is refused as a problem with `code`, changing nothing. */
  async function refused(req: () => request.Test, status: number, code: string): Promise<Problem> {
    const before = await rowCounts();
    const res: Response = await req();
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status,
      body: { code },
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.body as Problem;
    expect(body).toMatchObject({
      type: `https://ratify.example.org/problems/${code.toLowerCase()}`,
      status,
      code,
      title: expect.stringMatching(/\w/),
    });
    // A sentence: starts with a word, says what to fix, ends with a full stop.
    expect(body.detail).toMatch(/^["\w].{10,}[.]$/s);
    expect(await rowCounts()).toEqual(before);
    return body;
  }

  async function openCase(w: BcfWorld): Promise<CaseView> {
    const res = await request(server())
      .post('/api/cases')
      .set(auth(w, 'officer'))
      .send(openBcfCaseBody(w))
      .expect(201);
    return res.body as CaseView;
  }

  /** A world with a case sent for agreement (version 2): the Chief Executive and AO are awaited. */
  async function caseAwaitingAgreement() {
    const world = await buildBcfWorld(ds());
    const { caseId } = await caseAwaitingAgreementOverApi(ready().app, world);
    const sendAs = (who: Who, body: unknown) => () =>
      request(server())
        .post(`/api/cases/${caseId}/events`)
        .set(auth(world, who))
        .send(body as object);
    return { world, caseId, sendAs };
  }

  return { ds, server, auth, rowCounts, refused, openCase, caseAwaitingAgreement };
}
