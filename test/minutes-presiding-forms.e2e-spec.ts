import {
  boardMinutes,
  LATER,
  NEITHER_CHAIR_PRESENT,
  withBoardOfSix,
} from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Two approvals of minutes awaiting the member who presided at one meeting (issues #12 and #15):
 * the Health and Wellbeing Board's meeting of Wed 17 November 2021 approves the minutes of 20 and
 * of 27 October with its chair (Cllr Alex Rowe) and vice-chair (Dr Sam Okafor) both sending
 * apologies, so each minutes case waits for the officer to name who presided. The meeting page
 * has one form per approval, each with its own ids and its own errors; each case's page links to
 * its form on the meeting page.
 */

const FIRST = '2021-10-20';
const SECOND = '2021-10-27';

describe('naming who presided for two approvals of minutes at one meeting', () => {
  const h = directoryAppHarness();
  const { clock } = h;
  const db = () => h.db();
  const minutes = boardMinutes(h);

  const stateOf = async (w: DirectoryWorld, caseId: string) =>
    (await minutes.caseOf(w, caseId)).state;

  /** The later meeting approves both minutes with neither chair present; the officer signed in. */
  async function twoAwaiting() {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withBoardOfSix);
    const first = await minutes.meeting(w, FIRST);
    const second = await minutes.meeting(w, SECOND);
    const later = await minutes.meeting(w, LATER);
    const firstCase = await minutes.minutesCase(w, {
      meetingDate: FIRST,
      title: `HWBB minutes of ${FIRST}`,
      templateVersion: 4,
    });
    const secondCase = await minutes.minutesCase(w, {
      meetingDate: SECOND,
      title: `HWBB minutes of ${SECOND}`,
      templateVersion: 4,
    });
    clock.set(`${LATER}T19:00:00Z`);
    await minutes.attend(w, later, NEITHER_CHAIR_PRESENT);
    for (const previousMeetingId of [first, second])
      await minutes.approve(w, later, previousMeetingId).expect(201);
    for (const id of [firstCase, secondCase])
      expect((await stateOf(w, id)).key).toBe('open.awaitingPresidingMember');

    const agent = await minutes.officerSignedIn(w, 'officer-presiding-2');
    return { w, agent, first, second, later, firstCase, secondCase };
  }

  const idsOf = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);

  it('gives each approval its own form ids, and shows a refusal at the form it came from, linked from the error summary', async () => {
    const { w, agent, first, second, later, firstCase, secondCase } = await twoAwaiting();
    const page = await agent.get(`/meetings/${later}`).expect(200);
    expect(page.text.match(/Who presided, to sign the minutes of the meeting on/g)).toHaveLength(2);
    const ids = idsOf(page.text);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const previous of [first, second]) {
      expect(ids).toContain(`form-minutesSigner-${previous}`);
      expect(ids).toContain(`minutesSigner-${previous}-presidingPersonId`);
    }

    // Nobody chosen on the second form: refused there, and only there.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const post = (previousMeetingId: string, presidingPersonId: string) =>
      agent
        .post(`/meetings/${later}/minutes-approval`)
        .type('form')
        .send({ _csrf: csrf, previousMeetingId, presidingPersonId });
    const unchosen = await post(second, '');
    expect(unchosen.status).toBe(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(unchosen.text)![0];
    expect(summary).toContain(`href="#minutesSigner-${second}-presidingPersonId"`);
    // One line, at the field: no headline linked to the form beside it (issue #12).
    expect([...summary.matchAll(/href="#([^"]+)"/g)].length).toBe(1);
    expect(unchosen.text).toContain(`id="minutesSigner-${second}-presidingPersonId-error"`);
    expect(unchosen.text).not.toContain(`id="minutesSigner-${first}-presidingPersonId-error"`);
    const refusedIds = idsOf(unchosen.text);
    expect(refusedIds.filter((id, i) => refusedIds.indexOf(id) !== i)).toEqual([]);

    // Cllr Chris Lane named on the second form: that case is asked, the first still waits.
    const named = await post(second, w.ids.people.cabinet);
    expect(named.status).toBe(303);
    expect(named.headers.location).toBe(`/meetings/${later}?done=minutesSigner#form-minutes`);
    expect((await stateOf(w, secondCase)).key).not.toBe('open.awaitingPresidingMember');
    expect((await stateOf(w, firstCase)).key).toBe('open.awaitingPresidingMember');
    const after = await agent.get(`/meetings/${later}`).expect(200);
    expect(idsOf(after.text)).toContain(`form-minutesSigner-${first}`);
    expect(idsOf(after.text)).not.toContain(`form-minutesSigner-${second}`);

    // The second form sent again from the page as it was: refused, its summary linking to the minutes.
    const again = await post(second, w.ids.people.ceo);
    expect(again.status).toBe(422);
    const againSummary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(again.text)![0];
    const targets = [...againSummary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets).toContain('form-minutes');
    for (const target of targets) expect(idsOf(again.text)).toContain(target);
  });

  it('links the minutes case waiting for the member who presided to its form on the meeting page, in words', async () => {
    const { agent, first, later, firstCase } = await twoAwaiting();
    const page = await agent.get(`/cases/${firstCase}`).expect(200);
    const sentence = /<p class="govuk-body" id="presiding-member">[\s\S]*?<\/p>/.exec(
      page.text,
    )![0];
    expect(sentence).toContain(`href="/meetings/${later}#form-minutesSigner-${first}"`);
    expect(sentence).toContain(
      'choose who presided at Board meeting, 2021-11-17 on Wednesday 17 November 2021',
    );
    const words = sentence.replace(/<[^>]+>/g, '');
    expect(words).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(page.text).not.toContain('<form method="post" action="/meetings/');

    // The form it links to is on the meeting page, under that id.
    const meetingPage = await agent.get(`/meetings/${later}`).expect(200);
    expect(idsOf(meetingPage.text)).toContain(`form-minutesSigner-${first}`);
  });
});
