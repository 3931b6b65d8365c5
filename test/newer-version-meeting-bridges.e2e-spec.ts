import {
  meetingCaseBridgeHarness,
  VOTERS,
} from '../libs/testing/meeting-case-bridge-harness.service';

/*
 * A rolling upgrade (docs/operations.md): a meeting's show of hands on an item linked to a case
 * that runs on a template version this build lacks. This build cannot carry the outcome into the
 * case, so it records neither: "the service is being updated" (503, Retry-After), as for the case
 * itself, never the meeting's outcome recorded while its case silently stays where it was.
 */
describe('a show of hands on an item whose case is on a version this build lacks', () => {
  const { db, count, openJcbCase, addItem, showOfHands, itemOf, handsOf } =
    meetingCaseBridgeHarness();

  it('is refused as the service being updated, recording nothing on the meeting or the case', async () => {
    const opened = await openJcbCase('Community equipment service contract');
    const itemId = await addItem('Community equipment service contract', opened.id);
    await db().ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [opened.id]);
    const [votes, outcomes] = [await count('votes'), await count('item_outcomes')];

    const res = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });

    expect({ status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '60',
    });
    expect(res.body.code).toBe('TEMPLATE_VERSION_NOT_IN_THIS_BUILD');
    expect(await itemOf(itemId)).toMatchObject({ outcome: null, votes: [] });
    expect([await count('votes'), await count('item_outcomes')]).toEqual([votes, outcomes]);
    const [row]: { version: number }[] = await db().ds.query(
      `SELECT version FROM cases WHERE id = $1`,
      [opened.id],
    );
    expect(row.version).toBe(opened.version);
  });
});
