import {
  boardMinutes,
  NEITHER_CHAIR_PRESENT,
  withBoardOfSix,
} from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Version 3 of minutes approval through the HTTP API against PostgreSQL (issue #15, M2): the
 * Health and Wellbeing Board's meeting of Wed 17 November 2021 approves the minutes of 20 October
 * with its chair (Cllr Alex Rowe) and vice-chair (Dr Sam Okafor) both sending apologies. The
 * approval is recorded (version 2 refused it whole), the case waits for the officer to name the
 * member who presided (LGA 1972 Sch 12 para 41(1)); someone not present is refused by rule; Cllr
 * Chris Lane, present, is named, asked by email link, and signs.
 */

describe('minutes approval, version 3: the member who presided signs when neither the chair nor the vice-chair can', () => {
  const h = directoryAppHarness();
  const { clock, server, as, linkOf } = h;
  const db = () => h.db();
  const minutes = boardMinutes(h);

  /** A version 3 case on a Board of six, approved on 17 November with neither chair present. */
  async function approvedWithNeitherChair() {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withBoardOfSix);
    const approved = await minutes.approvedWithMeetings(w, {
      templateVersion: 3,
      attendance: NEITHER_CHAIR_PRESENT,
    });
    return { w, ...approved };
  }

  const { caseOf, auditOf } = minutes;

  it('records the approval, refuses someone not present, and asks the member named, who signs from the link', async () => {
    const { w, caseId, earlier, later } = await approvedWithNeitherChair();
    expect((await caseOf(w, caseId)).template.version).toBe(3);
    const waiting = await caseOf(w, caseId);
    expect(waiting.state.key).toBe('open.awaitingPresidingMember');
    expect(waiting.state.summary).toBe(
      'Approved at the meeting as a correct record as drafted: neither the chair nor the vice-chair can sign (Cllr Alex Rowe, the chair, was not present at the meeting of Wed 17 Nov 2021; Dr Sam Okafor, the vice-chair, was not present at the meeting of Wed 17 Nov 2021); awaiting the officer to name the member who presided',
    );
    const [toName]: { n: number }[] = await db().ds.query(
      `SELECT count(*)::int AS n FROM effects WHERE case_id = $1 AND kind = 'email'
          AND payload->>'message' = 'presiding-member-to-name' AND payload->'to'->>'id' = $2`,
      [caseId, w.ids.people.officer],
    );
    expect(toName.n).toBe(1);

    // The chair sent apologies: refused by rule, at the field, the case as it was.
    const name = (personId: string) =>
      server()
        .post(`/api/meetings/${later}/minutes-approval/presiding`)
        .set(as(w.keys.officer))
        .send({ previousMeetingId: earlier, presidingPersonId: personId });
    const notPresent = await name(w.ids.people.chair);
    expect({ status: notPresent.status, body: notPresent.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'PRESIDING_MEMBER_NOT_PRESENT',
        problems: [{ path: 'presidingPersonId' }],
      },
    });
    expect(notPresent.body.detail).toContain('Cllr Alex Rowe was not recorded present');
    expect((await caseOf(w, caseId)).version).toBe(waiting.version);

    // Cllr Chris Lane presided: named, asked by email link, and signs.
    await name(w.ids.people.cabinet).expect(201);
    const asked = await caseOf(w, caseId);
    expect(asked.state.summary).toBe(
      'Approved at the meeting as a correct record as drafted: awaiting the signature of Cllr Chris Lane, who presided',
    );
    const token = await linkOf(caseId, w.ids.people.cabinet, 'open');
    const page = await server().get(`/act/${token}`).expect(200);
    expect(page.text).toContain('the member who presided at the meeting');
    expect(page.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const signed = await server()
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' });
    expect(signed.status).toBeLessThan(400);
    const closed = await caseOf(w, caseId);
    expect(closed.state.summary).toBe(
      'Signed by Cllr Chris Lane, who presided at the meeting, as a correct record, as drafted',
    );
    const records = await auditOf(w, caseId);
    expect(records.map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'RECORD_APPROVAL',
      'NAME_PRESIDING_MEMBER',
      'SIGN',
    ]);
    expect(records.at(-1)).toMatchObject({
      actor: { name: 'Cllr Chris Lane' },
      authority: { kind: 'member', role: 'presiding' },
    });

    // Typed into the case, the naming is refused: it is the meeting's.
    const typed = await server()
      .post(`/api/cases/${caseId}/events`)
      .set(as(w.keys.officer))
      .send({
        type: 'NAME_PRESIDING_MEMBER',
        expectedVersion: closed.version,
        payload: { personId: w.ids.people.ceo, name: 'Morgan Hale', fromMeeting: true },
      });
    expect(typed.status).toBe(422);
  });

  it('lets the officer choose who presided by name on the meeting page, the error summary linked to the field', async () => {
    const { w, caseId, earlier, later } = await approvedWithNeitherChair();
    const agent = await minutes.officerSignedIn(w, 'officer-presiding-1');
    const page = await agent.get(`/meetings/${later}`).expect(200);
    expect(page.text).toMatch(
      /Who presided, to sign the minutes of the meeting on [^<]*20 October 2021</,
    );
    expect(page.text).toContain('>Cllr Chris Lane</option>');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const post = (presidingPersonId: string) =>
      agent
        .post(`/meetings/${later}/minutes-approval`)
        .type('form')
        .send({ _csrf: csrf, previousMeetingId: earlier, presidingPersonId });
    const unchosen = await post('');
    expect(unchosen.status).toBe(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(unchosen.text)![0];
    expect(summary).toContain(`href="#minutesSigner-${earlier}-presidingPersonId"`);
    expect(summary).toContain('Choose the member who presided');
    expect((await post(w.ids.people.cabinet)).status).toBe(303);
    const asked = await caseOf(w, caseId);
    expect(asked.state.summary).toBe(
      'Approved at the meeting as a correct record as drafted: awaiting the signature of Cllr Chris Lane, who presided',
    );
    const after = await agent.get(`/meetings/${later}`).expect(200);
    expect(after.text).not.toContain('Who presided, to sign the minutes');
  });
});
