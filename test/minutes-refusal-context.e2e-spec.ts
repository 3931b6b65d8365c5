import {
  boardMinutes,
  EARLIER,
  LATER,
  withBoardOfSix,
} from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Two refusals of a minutes approval say what they are about before the rule's lines (the
 * refusal's context), since the rule's lines alone do not say which minutes: naming the member who
 * presided for minutes that do not wait for one (MINUTES_SIGNER_NOT_AWAITED), and approving minutes
 * that two open cases hold (MINUTES_LINKED_TO_SEVERAL_CASES). The Health and Wellbeing Board's
 * meeting of Wed 17 November 2021 approves the minutes of its meeting of 20 October.
 */

describe('the context of a minutes approval’s refusal', () => {
  const h = directoryAppHarness();
  const { clock, server, as } = h;
  const db = () => h.db();
  const minutes = boardMinutes(h);

  const versionOf = async (w: DirectoryWorld, caseId: string) =>
    (await minutes.caseOf(w, caseId)).version;

  const referenceOf = async (w: DirectoryWorld, caseId: string) =>
    (await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200)).body
      .reference as string;

  const approvalsAt = async (meetingId: string) =>
    (
      await db().ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM minutes_approvals WHERE meeting_id = $1`,
        [meetingId],
      )
    )[0].n;

  it('names the minutes and the approving meeting when the member who presided is named for minutes that wait for no one to be named', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withBoardOfSix);
    // The chair presided on 17 November and signs: the case waits for no member to be named.
    const { caseId, earlier, later } = await minutes.approvedWithMeetings(w, {
      templateVersion: 4,
    });
    const before = await versionOf(w, caseId);

    const refused = await server()
      .post(`/api/meetings/${later}/minutes-approval/presiding`)
      .set(as(w.keys.officer))
      .send({ previousMeetingId: earlier, presidingPersonId: w.ids.people.cabinet });

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'MINUTES_SIGNER_NOT_AWAITED',
      ruleName:
        'The member who presided is named only when neither the chair nor the vice-chair can sign',
      context: `the minutes of Board meeting, ${EARLIER} do not wait for the member who presided at the meeting of Wed 17 Nov 2021`,
      problems: [{ path: 'previousMeetingId' }],
    });
    // The sentence says which minutes, in words, before the rule's own line.
    expect(refused.body.detail).toMatch(
      /^The rule “The member who presided is named only when neither the chair nor the vice-chair can sign” refuses this: the minutes of Board meeting, Wednesday 20 October 2021 do not wait for the member who presided at the meeting of Wed 17 Nov 2021\. The member who presided is named only when /,
    );
    expect(refused.body.detail).not.toContain(EARLIER);
    expect(await versionOf(w, caseId)).toBe(before);

    // The meeting page gives the same sentence in its error summary.
    const agent = await minutes.officerSignedIn(w, 'officer-context-1');
    const page = await agent.get(`/meetings/${later}`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const onPage = await agent
      .post(`/meetings/${later}/minutes-approval`)
      .type('form')
      .send({ _csrf: csrf, previousMeetingId: earlier, presidingPersonId: w.ids.people.cabinet });
    expect(onPage.status).toBe(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(onPage.text)![0];
    expect(summary).toContain(
      'the minutes of Board meeting, Wednesday 20 October 2021 do not wait for the member who presided at the meeting of Wed 17 Nov 2021',
    );
    expect(await versionOf(w, caseId)).toBe(before);
  });

  it('names by their references the open cases that hold the minutes when two cases are the minutes of one meeting', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds, withBoardOfSix);
    const earlier = await minutes.meeting(w, EARLIER);
    const later = await minutes.meeting(w, LATER);
    const first = await minutes.minutesCase(w, { templateVersion: 4 });
    const second = await minutes.minutesCase(w, {
      title: 'HWBB minutes of 20 Oct, again',
      templateVersion: 4,
    });
    const versions = [await versionOf(w, first), await versionOf(w, second)];
    const references = [await referenceOf(w, first), await referenceOf(w, second)]
      .sort()
      .join(' and ');
    expect(references).toMatch(/^\S+ and \S+$/);
    clock.set(`${LATER}T19:00:00Z`);
    await minutes.attend(w, later, {
      chair: 'present',
      gp: 'present',
      healthwatch: 'present',
      cabinet: 'present',
    });

    const refused = await minutes.approve(w, later, earlier);

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'MINUTES_LINKED_TO_SEVERAL_CASES',
      ruleName: 'One case holds a meeting’s minutes',
      context: `2 open cases are the minutes of Board meeting, ${EARLIER}: ${references}`,
    });
    expect(refused.body.detail).toMatch(
      /^The rule “One case holds a meeting’s minutes” refuses this: 2 open cases are the minutes of Board meeting, Wednesday 20 October 2021: /,
    );
    expect(refused.body.detail).toContain(
      `Wednesday 20 October 2021: ${references}. One meeting’s minutes are approved once`,
    );
    // Nothing recorded: neither the meeting's approval nor either case's.
    expect(await approvalsAt(later)).toBe(0);
    expect([await versionOf(w, first), await versionOf(w, second)]).toEqual(versions);
  });
});
