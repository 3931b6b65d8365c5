import type { CaseView } from '../libs/engine/case-view.service';
import {
  meetingCaseBridgeHarness,
  MEETING,
  VOTERS,
} from '../libs/testing/meeting-case-bridge-harness.service';
import { openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * The Health and Wellbeing Board notes the Chair's delegated approval of a BCF plan at its meeting
 * (seed 001): the show of hands on an item linked to the BCF case records the noting on the case,
 * and is refused, recording nothing, while the plan is not yet approved and submitted. The
 * meeting, on Thu 4 Sep 2025, is libs/testing/meeting-case-bridge-harness.service.ts's.
 */

describe('a meeting’s recorded outcome goes to the linked case', () => {
  const { world, api, cases, addItem, showOfHands, itemOf, handsOf } = meetingCaseBridgeHarness();

  it('refuses the Board’s noting of a BCF plan not yet approved and submitted, and records nothing', async () => {
    const bcf = await cases.open(
      openBcfCaseBody(world(), {
        dates: {
          submissionDeadline: '2025-11-17',
          notingDeadline: '2025-12-16',
          expectedAssuranceDate: '2026-01-09',
        },
      }),
    );
    const itemId = await addItem('Better Care Fund plan 2021/22', bcf.id);
    const res = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_NOT_AWAITING_NOTING' },
    });
    expect(await itemOf(itemId)).toMatchObject({ outcome: null, votes: [] });
    const after = await cases.read(bcf.id);
    expect([after.version, after.state]).toEqual([bcf.version, bcf.state]);
  });

  it('records the Board’s noting of the Chair’s delegated approval on the BCF case (seed 001)', async () => {
    let bcf = await cases.open(
      openBcfCaseBody(world(), {
        dates: {
          submissionDeadline: '2025-11-17',
          notingDeadline: '2025-12-16',
          expectedAssuranceDate: '2026-01-09',
        },
      }),
    );
    const as = (key: string) => ({ Authorization: `Bearer ${key}` });
    for (const [key, type, payload] of [
      [world().keys.officer, 'SEEK_AGREEMENT', {}],
      [world().keys.ceo, 'AGREE', {}],
      [world().keys.ao, 'AGREE', {}],
      [world().keys.chair, 'APPROVE', { comments: 'Approved under delegation.' }],
      [world().keys.officer, 'RECORD_SUBMISSION', { submittedOn: MEETING }],
    ] as const) {
      const res = await api()
        .post(`/api/cases/${bcf.id}/events`)
        .set(as(key))
        .send({ type, expectedVersion: bcf.version, payload });
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
      bcf = res.body as CaseView;
    }
    const itemId = await addItem('Better Care Fund plan 2021/22: the Chair’s approval', bcf.id);
    const res = await showOfHands(itemId, { hands: handsOf([...VOTERS, 'ccg3']) });
    expect(res.status).toBe(201);
    const after = await cases.read(bcf.id);
    expect(after.version).toBe(bcf.version + 1);
    expect(after.context).toMatchObject({
      noting: {
        meetingDate: MEETING,
        minuteReference: `"Better Care Fund plan 2021/22: the Chair’s approval", meeting of ${MEETING}`,
      },
    });
  });
});
