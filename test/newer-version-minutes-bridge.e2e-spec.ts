import { boardMinutes, EARLIER, LATER } from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A rolling upgrade (docs/operations.md): the Board approves the minutes of its meeting of
 * 20 October 2021, which a case on a template version this build lacks holds. This build cannot
 * carry the approval into the case, so it records neither: "the service is being updated" (503,
 * Retry-After), never the approval recorded while the case silently waits on.
 */
describe('a minutes approval whose case is on a version this build lacks', () => {
  const h = directoryAppHarness();
  const { clock } = h;
  const minutes = boardMinutes(h);

  it('is refused as the service being updated, recording neither the approval nor a step of the case', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(h.db().ds);
    const earlier = await minutes.meeting(w, EARLIER);
    const later = await minutes.meeting(w, LATER);
    const caseId = await minutes.minutesCase(w);
    await h.db().ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [caseId]);
    const [before]: { version: number }[] = await h
      .db()
      .ds.query(`SELECT version FROM cases WHERE id = $1`, [caseId]);
    clock.set(`${LATER}T19:00:00Z`);
    await minutes.attend(w, later, {
      chair: 'present',
      gp: 'present',
      healthwatch: 'present',
      cabinet: 'present',
    });

    const res = await minutes.approve(w, later, earlier);

    expect({ status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '60',
    });
    expect(res.body.code).toBe('TEMPLATE_VERSION_NOT_IN_THIS_BUILD');
    const [{ n }]: { n: number }[] = await h
      .db()
      .ds.query(`SELECT count(*)::int AS n FROM minutes_approvals WHERE meeting_id = $1`, [later]);
    expect(n).toBe(0);
    const [after]: { version: number }[] = await h
      .db()
      .ds.query(`SELECT version FROM cases WHERE id = $1`, [caseId]);
    expect(after.version).toBe(before.version);
  });
});
