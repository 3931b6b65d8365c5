import request from 'supertest';
import { bcfAppPerFile, openBcfCaseOverApi } from '../libs/testing/bcf-api-harness.service';

/*
 * POST /api/cases/:id/events is answered before Nest's router (docs/adr/0040): it must take the
 * paths Express's router took for it (a trailing slash, any case, an encoded id) and answer them as
 * the route does, and leave every other method on that path to the router, as before.
 */
describe('the event route answers the paths and methods the router gave it', () => {
  const ready = bcfAppPerFile();
  const server = () => request(ready().app.getHttpServer());
  const as = () => ({ Authorization: `Bearer ${ready().world.keys.officer}` });
  const event = (expectedVersion: number) => ({
    type: 'SEEK_AGREEMENT',
    expectedVersion,
    payload: {},
  });

  const open = () => openBcfCaseOverApi(ready().app, ready().world);

  it('takes an event sent with a trailing slash or in other letters, as the route does', async () => {
    const id = await open();
    const sent = await server().post(`/api/cases/${id}/events/`).set(as()).send(event(1));
    expect({ status: sent.status, version: sent.body.version }).toEqual({
      status: 200,
      version: 2,
    });
    const stale = await server().post(`/API/Cases/${id}/EVENTS`).set(as()).send(event(1));
    expect({ status: stale.status, code: stale.body.code }).toEqual({
      status: 409,
      code: 'VERSION_CONFLICT',
    });
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('finds no case for an id with an encoded slash in it', async () => {
    const id = await open();
    const res = await server()
      .post(`/api/cases/${id.slice(0, 8)}%2F${id.slice(9)}/events`)
      .set(as())
      .send(event(1));
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
  });

  it.each(['get', 'put', 'patch', 'delete'] as const)(
    'leaves %s on the events path to the router, which has no such route',
    async (method) => {
      const id = await open();
      const res = await server()[method](`/api/cases/${id}/events`).set(as()).send(event(1));
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      });
      const [{ version }] = await ready().db.superuser<{ version: number }>(
        'SELECT version FROM cases WHERE id = $1',
        [id],
      );
      expect(version).toBe(1);
    },
  );
});
