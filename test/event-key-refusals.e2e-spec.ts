import request from 'supertest';
import { apiKeyHash } from '../libs/directory/api-key.repository';
import { twoBcfCouncilsPerFile, openBcfCaseOverApi } from '../libs/testing/bcf-api-harness.service';
import { type BcfWorld } from '../libs/testing/world.factory';

/*
 * An event sent over HTTP reads its case with the sender's API key, in one statement (issue #21).
 * The key is still judged afresh on every request: revoked, expired or its person gone, it is
 * refused on the very next event, after events it sent; another council's key finds no case, and
 * neither does a case id that names none.
 */
describe('an event sent with an API key that no longer works', () => {
  const ready = twoBcfCouncilsPerFile();
  const server = () => request(ready().app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  const open = (w: BcfWorld) => openBcfCaseOverApi(ready().app, w);
  const send = (key: string, id: string, expectedVersion: number) =>
    server()
      .post(`/api/cases/${id}/events`)
      .set(as(key))
      .send({ type: 'SEEK_AGREEMENT', expectedVersion, payload: {} });

  it.each([
    // 08:00 UTC on 1 October 2021 is 9am in London (BST): said in words, never as a UTC time.
    ['revoked', 'revoked_at', 'This API key was revoked on Friday 1 October 2021 at 9:00am:'],
    ['expired', 'expires_at', 'This API key expired on Friday 1 October 2021 at 9:00am:'],
  ])('refuses a key %s since its last event, on the next one', async (_how, column, words) => {
    const { world, db } = ready();
    const id = await open(world);
    // The key has sent to this case: its council and its case are known to the process.
    await send(world.keys.officer, id, 99).expect(409);
    await db.superuser(`UPDATE api_keys SET ${column} = $2 WHERE key_hash = $1`, [
      apiKeyHash(world.keys.officer),
      new Date('2021-10-01T08:00:00Z'),
    ]);
    const refused = await send(world.keys.officer, id, 1).expect(401);
    expect(refused.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: expect.stringContaining(words),
    });
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const [{ version }] = await db.superuser<{ version: number }>(
      'SELECT version FROM cases WHERE id = $1',
      [id],
    );
    expect(version).toBe(1);
    await db.superuser(`UPDATE api_keys SET ${column} = NULL WHERE key_hash = $1`, [
      apiKeyHash(world.keys.officer),
    ]);
  });

  it('refuses the key of a person who has left, on the next event', async () => {
    const { world, db } = ready();
    const id = await open(world);
    await send(world.keys.officer, id, 1).expect(200);
    await db.superuser('UPDATE people SET left_on = $2 WHERE id = $1', [
      world.ids.people.officer,
      '2021-09-30',
    ]);
    const refused = await send(world.keys.officer, id, 2).expect(401);
    expect(refused.body.detail).toContain(
      'The person this API key is for left the council on Thursday 30 September 2021:',
    );
    await db.superuser('UPDATE people SET left_on = NULL WHERE id = $1', [
      world.ids.people.officer,
    ]);
  });

  it('finds no case of another council, nor one a malformed or unknown id names', async () => {
    const { world, other } = ready();
    const id = await open(world);
    const foreign = await send(other.keys.officer, id, 1).expect(404);
    expect(foreign.body.code).toBe('CASE_NOT_FOUND');
    const unknown = await send(world.keys.officer, '6f1c2a4e-0b7d-4c1e-9a55-3b2f0e8d9c10', 1);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
    const malformed = await send(world.keys.officer, 'not-a-case', 1).expect(404);
    expect(malformed.body.code).toBe('CASE_NOT_FOUND');
    // Nothing was refused for the key: it sends to its own case as before.
    await send(world.keys.officer, id, 1).expect(200);
  });
});
