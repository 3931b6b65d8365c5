import request from 'supertest';
import { JCB_MEMBERS, seatHealthwatchOnBoard } from '../libs/testing/jcb-world.factory';
import { meetingPagesHarness } from '../libs/testing/meeting-pages-harness.service';

/*
 * A non-voting seat at the show of hands (issue #12): a member in a non-voting seat is present, and
 * the form lists them so the record shows it, but offers them no hand, since the rule refuses one
 * (VOTER_NOT_VOTING, libs/governance/consensus.service.ts). The API keeps refusing such a hand.
 * JCB meeting Thu 4 Sep 2025 (seed 002), with Healthwatch co-opted to a non-voting seat from
 * 1 August; the councils and sign-in in libs/testing/meeting-pages-harness.service.ts.
 */

describe('a non-voting seat at the show of hands', () => {
  const { db, app, world, person, count, meetingAttendedBy, handsForThroughPage } =
    meetingPagesHarness();
  const VOTING = ['cab1', 'cab2', 'ccg1', 'ccg2'];
  const NAMES: Record<string, string> = Object.fromEntries(
    JCB_MEMBERS.map(([k, name]) => [k, name]),
  );

  /** The meeting on its day, Healthwatch in a non-voting seat and present with four members. */
  const withHealthwatchPresent = (title: string) =>
    meetingAttendedBy(title, [...VOTING, 'healthwatch']);

  beforeAll(() => seatHealthwatchOnBoard(db().ds, world(), '2025-08-01', { voting: false }));

  it('lists the member in a non-voting seat as present without a hand, and records the hands it offers', async () => {
    const meeting = await withHealthwatchPresent('Carers breaks');
    const { agent, meetingId, itemId } = meeting;
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    const form = page.text.slice(page.text.indexOf(`id="form-hands-${itemId}"`));
    for (const k of VOTING) expect(form).toContain(`name="hand.${person(k)}"`);
    expect(form).not.toContain(`name="hand.${person('healthwatch')}"`);
    expect(form).toContain(
      '<strong>Jo Barnes</strong>, present. Non-voting member: does not vote.',
    );
    // The quorum says the same: present, not counted.
    expect(page.text).toContain('Jo Barnes present in a non-voting seat: does not count');

    // The form as offered (every radio answered) is recorded.
    await handsForThroughPage(meeting, VOTING);
    await expect(count('votes', meetingId)).resolves.toBe(4);
  });

  it('says on the attendance form and the attendance table that the seat is non-voting', async () => {
    const { agent, meetingId } = await withHealthwatchPresent('Respite beds');
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);
    const attendance = page.text.slice(
      page.text.indexOf('id="form-attendance"'),
      page.text.indexOf('Record attendance'),
    );
    // The table of the attendance as recorded.
    expect(attendance).toContain('Jo Barnes (non-voting member: does not vote)');
    // The form: the seat's radios say it, the voting seats' do not.
    const hint = new RegExp(
      `<div id="attendance-${person('healthwatch')}-hint" class="govuk-hint">\\s*Non-voting member: does not vote and is not counted toward the quorum \\(nor is a substitute in this seat\\)\\.\\s*</div>`,
    );
    expect(attendance).toMatch(hint);
    for (const k of VOTING) {
      expect(attendance).not.toContain(`id="attendance-${person(k)}-hint"`);
      expect(attendance).toContain(`<td class="govuk-table__cell">${NAMES[k]}</td>`);
    }
  });

  it('refuses through the API a hand from the non-voting seat with its stable code, recording none', async () => {
    const { meetingId, itemId } = await withHealthwatchPresent('Community equipment');
    const res = await request(app().getHttpServer())
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .set('Authorization', `Bearer ${world().keys.officer}`)
      .send({
        hands: [...VOTING, 'healthwatch'].map((k) => ({ personId: person(k), hand: 'for' })),
      })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'VOTER_NOT_VOTING',
      explanation: [expect.stringContaining('Jo Barnes holds a non-voting seat')],
    });
    await expect(count('votes', meetingId)).resolves.toBe(0);
  });
});
