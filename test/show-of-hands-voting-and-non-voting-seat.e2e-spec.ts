import request from 'supertest';
import { seatMemberAgainNonVoting } from '../libs/testing/jcb-world.factory';
import { meetingPagesHarness } from '../libs/testing/meeting-pages-harness.service';

/*
 * A member who holds a voting seat and a non-voting seat on the same body (issue #12, review L9)
 * votes, once: the meeting page offers them one hand and one attendance row, and the API takes
 * their hand (never VOTER_NOT_VOTING). The rule is the governance one (seatOfEachPerson,
 * libs/governance/quorum.service.ts). JCB meeting Thu 4 Sep 2025 (seed 002), Cllr Ada Fox also in
 * a non-voting seat from 1 August; the councils and sign-in in
 * libs/testing/meeting-pages-harness.service.ts.
 */

describe('a member with a voting and a non-voting seat at the show of hands', () => {
  const { db, app, world, person, count, meetingAttendedBy, handsForThroughPage } =
    meetingPagesHarness();
  const PRESENT = ['cab1', 'cab2', 'ccg1', 'ccg2'];

  /** The meeting on its day, four members present, Cllr Ada Fox among them. */
  const withFourPresent = (title: string) => meetingAttendedBy(title, PRESENT);

  beforeAll(() => seatMemberAgainNonVoting(db().ds, world(), 'cab1', '2025-08-01'));

  it('offers them one attendance row and a hand, and records the four hands', async () => {
    const meeting = await withFourPresent('Carers breaks');
    const { agent, meetingId, itemId } = meeting;
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    const attendance = page.text.slice(
      page.text.indexOf('id="form-attendance"'),
      page.text.indexOf('Record attendance'),
    );
    expect(attendance.split(`name="status.${person('cab1')}"`)).toHaveLength(4);
    const form = page.text.slice(page.text.indexOf(`id="form-hands-${itemId}"`));
    for (const k of PRESENT) expect(form).toContain(`name="hand.${person(k)}"`);
    expect(form).not.toContain('Non-voting member: does not vote');
    expect(page.text).not.toContain('Cllr Ada Fox present in a non-voting seat');

    await handsForThroughPage(meeting, PRESENT);
    await expect(count('votes', meetingId)).resolves.toBe(4);
  });

  it('takes their hand through the API, once', async () => {
    const { meetingId, itemId } = await withFourPresent('Community equipment');
    const api = () =>
      request(app().getHttpServer())
        .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
        .set('Authorization', `Bearer ${world().keys.officer}`);
    const twice = await api()
      .send({
        hands: [...PRESENT, 'cab1'].map((k) => ({ personId: person(k), hand: 'for' })),
      })
      .expect(422);
    expect(twice.body).toMatchObject({ rule: 'DUPLICATE_VOTE' });
    await api()
      .send({ hands: PRESENT.map((k) => ({ personId: person(k), hand: 'for' })) })
      .expect(201);
    await expect(count('votes', meetingId)).resolves.toBe(4);
  });
});
