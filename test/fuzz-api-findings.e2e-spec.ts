import request from 'supertest';
import { fuzzApiHarness } from '../libs/testing/fuzz-api-harness.service';
import {
  changedTables,
  problemFaults,
  stateFingerprint,
} from '../libs/testing/hostile-input.service';

/*
 * What the fuzz of the API (fuzz-api.e2e-spec.ts) found, each once a 500 or a bare status, kept as
 * an example on the same world: the refusal is problem+json with a code and a sentence, and
 * nothing changed.
 */

describe('fuzz of every API operation', () => {
  const fuzz = fuzzApiHarness();

  describe('what the fuzz found, each once a 500 or a bare status', () => {
    const officer = () => ({ Authorization: `Bearer ${fuzz().world.keys.officer}` });

    /** The response is the refusal `code` as problem+json with a sentence, and nothing changed. */
    async function refused(send: () => request.Test, status: number, code: string) {
      const { db } = fuzz();
      const before = await stateFingerprint(db.ds);
      const res = await send();
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
        status,
        code,
      });
      expect(problemFaults(res)).toEqual([]);
      expect(changedTables(before, await stateFingerprint(db.ds))).toEqual([]);
      return res.body as { detail: string; instance?: string };
    }

    it.each([
      ['objects', `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`],
      ['lists', `${'['.repeat(40_000)}${']'.repeat(40_000)}`],
    ])(
      'refuses a body of %s nested thousands deep as INVALID_TEXT, not a stack overflow',
      async (_, text) => {
        const p = await refused(
          () =>
            request(fuzz().app.getHttpServer())
              .post(`/api/meetings/${fuzz().world.fuzz.meetings[0]}/publication`)
              .set(officer())
              .set('Content-Type', 'application/json')
              .send(text),
          400,
          'INVALID_TEXT',
        );
        expect(p.detail).toMatch(/is nested more than 32 levels deep/);
      },
    );

    it('answers a refusal from the middleware on /api as a problem with the whole path, whatever the client accepts', async () => {
      const path = `/api/cases/${fuzz().world.fuzz.cases[0]}/documents`;
      const p = await refused(
        () =>
          request(fuzz().app.getHttpServer())
            .post(path)
            .set('Accept', 'text/html')
            .set('Authorization', 'Bearer not-a-key')
            .send({}),
        401,
        'UNAUTHENTICATED',
      );
      expect(p.instance).toBe(path);
    });

    it('answers an address over 16 kB with a problem, not a bare 431', async () => {
      await refused(
        () =>
          request(fuzz().app.getHttpServer())
            .get(`/api/cases?state=${'x'.repeat(17_000)}`)
            .set(officer()),
        431,
        'HEADERS_TOO_LARGE',
      );
    });

    it('quotes an unknown event type in the sentence that refuses it', async () => {
      const id = fuzz().world.fuzz.cases[0];
      const version = await fuzz().world.versionOf(id);
      const p = await refused(
        () =>
          request(fuzz().app.getHttpServer())
            .post(`/api/cases/${id}/events`)
            .set(officer())
            .send({ type: '{{ 7 * 7 }}', expectedVersion: version }),
        422,
        'UNKNOWN_EVENT',
      );
      expect(p.detail).toMatch(
        /^"\{\{ 7 \* 7 \}\}" is not an event of bcf-delegated-sign-off; use one of/,
      );
    });
  });
});
