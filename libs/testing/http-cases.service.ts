import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../engine/case-view.service';

/**
 * A case's journey through the HTTP API, as the templates' journeys drive it: each call expects
 * success and returns the case as the API shows it. `keyOf` gives the API key of a person.
 */
export class HttpCases {
  constructor(
    private readonly app: () => INestApplication,
    private readonly keyOf: (who: string) => string,
  ) {}

  private auth(who: string) {
    return { Authorization: `Bearer ${this.keyOf(who)}` };
  }

  /** Sends an event as `who`, expecting the version read off `seen`, the previous response. */
  async act(
    seen: CaseView,
    who: string,
    type: string,
    payload: Record<string, unknown> = {},
  ): Promise<CaseView> {
    const res = await request(this.app().getHttpServer())
      .post(`/api/cases/${seen.id}/events`)
      .set(this.auth(who))
      .send({ type, expectedVersion: seen.version, payload });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
    return res.body as CaseView;
  }

  async open(body: Record<string, unknown>, who = 'officer'): Promise<CaseView> {
    const res = await request(this.app().getHttpServer())
      .post('/api/cases')
      .set(this.auth(who))
      .send(body);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as CaseView;
  }

  async read(caseId: string, who = 'officer'): Promise<CaseView> {
    const res = await request(this.app().getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set(this.auth(who))
      .expect(200);
    return res.body as CaseView;
  }

  async verify(caseId: string, who = 'officer'): Promise<unknown> {
    const res = await request(this.app().getHttpServer())
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(this.auth(who))
      .expect(200);
    return res.body as unknown;
  }
}
