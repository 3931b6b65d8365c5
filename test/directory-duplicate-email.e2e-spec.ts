import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Two administrators adding (or renaming to) the same email at the same moment: both pass the
 * check before either writes, and the database's unique index decides. The one it refuses gets
 * the same 422 problem as when the two come one after the other, never a 500.
 */
describe('one email per person, when two requests race for it', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const server = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const peopleWith = async (w: DirectoryWorld, email: string) =>
    (
      await db.ds.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM people WHERE tenant_id = $1 AND lower(email) = lower($2)',
        [w.tenantId, email],
      )
    )[0].n;

  const changeCount = async (w: DirectoryWorld) =>
    (
      await db.ds.query<{ n: number }[]>(
        'SELECT directory_changes AS n FROM tenants WHERE tenant_id = $1',
        [w.tenantId],
      )
    )[0].n;

  it('adds one of two people created at once with one email and refuses the other as the sequential case does', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const before = await changeCount(w);
    // Several rounds: each round's requests start together, so at least one round races.
    for (let round = 0; round < 4; round++) {
      const email = `sam.race${round}@example.org`;
      const answers = await Promise.all(
        [`Sam Race ${round}`, `SAM RACE ${round}`, `Sam Race ${round} (again)`].map((name, i) =>
          server()
            .post('/api/directory/people')
            .set(as(w.adminKey))
            .send({ name, email: i === 1 ? email.toUpperCase() : email }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, 422, 422]);
      const winner = answers.find((a) => a.status === 201)!;
      for (const refused of answers.filter((a) => a.status === 422)) {
        expect(refused.type).toBe('application/problem+json');
        expect(refused.body).toMatchObject({
          code: 'INVALID_INPUT',
          problems: [
            {
              path: 'email',
              message: expect.stringContaining(`is already the email of ${winner.body.name}`),
            },
          ],
        });
      }
      expect(await peopleWith(w, email)).toBe('1');
    }
    // One change on the record per person added, none for the refusals.
    expect(await changeCount(w)).toBe(before + 4);

    // The sequential case answers the same way.
    const after = await server()
      .post('/api/directory/people')
      .set(as(w.adminKey))
      .send({ name: 'Sam Late', email: 'sam.race0@example.org' })
      .expect(422);
    expect(after.body).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: 'email', message: expect.stringContaining('is already the email of') }],
    });
  });

  it('changes one of two people to an email both asked for at once and refuses the other', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const people = await Promise.all(
      ['Ada One', 'Bea Two'].map((name, i) =>
        server()
          .post('/api/directory/people')
          .set(as(w.adminKey))
          .send({ name, email: `person${i}@example.org` })
          .expect(201),
      ),
    );
    const answers = await Promise.all(
      people.map((p) =>
        server()
          .patch(`/api/directory/people/${p.body.id}`)
          .set(as(w.adminKey))
          .send({ expectedVersion: 1, email: 'shared.inbox@example.org' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422]);
    expect(answers.find((a) => a.status === 422)!.body).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: 'email', message: expect.stringContaining('is already the email of') }],
    });
    expect(await peopleWith(w, 'shared.inbox@example.org')).toBe('1');
  });
});
