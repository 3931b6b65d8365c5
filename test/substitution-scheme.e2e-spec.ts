import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { jcbRules } from '../libs/governance/body-rules.schema';
import { ManualClock } from '../libs/core/clock.service';
import { giveStaffAccount } from '../libs/testing/directory-world.factory';
import { buildJcbWorld, JCB_MEMBERS, JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * Attendance under the JCB's substitution scheme (seed 002, ToR 7.1): a seat's member may be
 * replaced only by a substitute the scheme names for that seat on the meeting date, and a refusal
 * names the rule and its terms-of-reference reference. Board meeting Thu 4 Sep 2025.
 */
const MEETING = '2025-09-04';
const ON = 'the Joint Commissioning Board on Thu 4 Sep 2025';
const SCHEME = 'JCB terms of reference 7.1 (seed 002), the scheme both partners agreed';

describe('attendance under the substitution scheme', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase(4);
    world = await buildJcbWorld(db.ds);
    await giveStaffAccount(db.ds, world.tenantId, world.id('proper'), 'administrator');
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const api = () => request(app.getHttpServer());
  const officerOf = (w: BcfWorld) => ({ Authorization: `Bearer ${w.keys.officer}` });
  const seatOf = async (member: string) =>
    (
      await db.ds.query(
        'SELECT id FROM memberships WHERE tenant_id = $1 AND body_id = $2 AND person_id = $3',
        [world.tenantId, world.ids.bodies.jcb, world.id(member)],
      )
    )[0].id as string;
  async function meeting(w: BcfWorld): Promise<string> {
    const res = await api()
      .post('/api/meetings')
      .set(officerOf(w))
      .send({ body: w.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
      .expect(201);
    return res.body.id as string;
  }
  /** Everyone present but `away`, whose seat `sub` fills. */
  const attendance = (w: BcfWorld, away: string, sub: string) => [
    ...JCB_MEMBERS.map(([k]) => ({
      personId: w.ids.people[k],
      status: k === away ? 'apologies' : 'present',
    })),
    { personId: w.ids.people[sub], status: 'present', substituteFor: w.ids.people[away] },
  ];

  it('seats the substitute the scheme names for the seat, and refuses them in a seat it names nobody for', async () => {
    const meetingId = await meeting(world);
    const named = await directoryUseCases(db.ds, clock).nameSubstitute.name(
      await seatOf('cab1'),
      { personId: world.id('cabinet'), validFrom: '2025-08-01', reference: 'JCB minute 12' },
      world.actorOf('proper'),
    );
    const seated = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerOf(world))
      .send(attendance(world, 'cab1', 'cabinet'))
      .expect(200);
    expect(seated.body.quorum.explanation).toContain(
      'Cllr Chris Lane (substitute for Cllr Ada Fox) present, counts as council',
    );

    const noneNamed = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerOf(world))
      .send(attendance(world, 'cab2', 'cabinet'))
      .expect(422);
    expect(noneNamed.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'SUBSTITUTE_NOT_IN_SCHEME',
      explanation: [
        `Cllr Chris Lane may not substitute for Cllr Ben Hart on ${ON}: the seat has no named substitute under the substitution scheme: ${SCHEME}`,
      ],
    });

    // Named only until the day before the meeting: no longer in the scheme on the day.
    await directoryUseCases(db.ds, clock).changeSubstitute.end(
      named.id,
      { expectedVersion: 1, on: '2025-09-03' },
      world.actorOf('proper'),
    );
    const lapsed = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerOf(world))
      .send(attendance(world, 'cab1', 'cabinet'))
      .expect(422);
    expect(lapsed.body.explanation).toEqual([
      `Cllr Chris Lane may not substitute for Cllr Ada Fox on ${ON}: the seat has no named substitute under the substitution scheme: ${SCHEME}`,
    ]);
    // The attendance recorded before stands.
    const view = await api().get(`/api/meetings/${meetingId}`).set(officerOf(world)).expect(200);
    expect(view.body.attendance).toContainEqual(
      expect.objectContaining({ personId: world.id('cabinet'), substituteFor: world.id('cab1') }),
    );
  });

  it('offers on the meeting’s seats only the substitutes the scheme names', async () => {
    const meetingId = await meeting(world);
    const view = await api().get(`/api/meetings/${meetingId}`).set(officerOf(world)).expect(200);
    const seat = (member: string) =>
      (view.body.members as { personId: string; namedSubstitutes?: object[] }[]).find(
        (m) => m.personId === world.id(member),
      );
    expect(seat('ccg2')?.namedSubstitutes).toEqual([
      { personId: world.id('sub'), name: 'Dr Gus Lee' },
    ]);
    expect(seat('cab2')?.namedSubstitutes).toEqual([]);
  });

  it('takes any person of the seat’s organisation for a body whose rules let each partner send a deputy', async () => {
    const deputies = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        const jcb = spec.bodies.find((b) => b.key === 'jcb')!;
        jcb.rules = (org) =>
          jcbRules({ council: org('council'), ccg: org('ccg') }, 'partnerDeputies');
        for (const [key, name, org] of JCB_MEMBERS) {
          spec.people.push({ key, name, email: `${key}@${spec.slug}.test`, organisation: org });
          spec.memberships.push({
            body: 'jcb',
            person: key,
            role: 'member',
            organisation: org,
            validFrom: '2025-01-01',
          });
        }
      },
    });
    const meetingId = await meeting(deputies);
    // The CCG's Accountable Officer is in no scheme, but is a person of the CCG.
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerOf(deputies))
      .send(attendance(deputies, 'ccg2', 'ao'))
      .expect(200);
    const councillor = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerOf(deputies))
      .send(attendance(deputies, 'ccg2', 'cabinet'))
      .expect(422);
    expect(councillor.body.explanation).toEqual([
      `Cllr Chris Lane may not substitute for Dr Eve Long on ${ON}: only people of NHS Southampton City CCG (the organisation the seat represents) may`,
    ]);
  });
});
