import { engineHarness } from '../../testing/engine-harness.service';
import { buildJcbWorld } from '../../testing/jcb-world.factory';
import { domainRefusal } from '../../testing/domain-refusal.service';
import { scheduledJcbMeeting } from '../../testing/jcb-meeting.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { openBcfCaseBody } from '../../testing/world.factory';

/*
 * An officer adds an item to a JCB meeting's agenda with its notice facts (2012 Regulations regs 9,
 * 10 and 5; seed 002: the Board meets Thu 4 Sep 2025): the meeting reads the notices' verdicts;
 * a date after today, a private notice without reasons, another council's case, a member who is
 * not an officer and a body that does not fit are refused, and nothing is added. No HTTP.
 */

describe('adding an item to a meeting’s agenda', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function scheduled() {
    const { h, world, officer, meetingId } = await scheduledJcbMeeting(db.ds);
    const agenda = async () => (await h.read.view(world.tenantId, meetingId)).agenda;
    return { h, world, officer, meetingId, agenda };
  }

  it('adds items at the end of the agenda with their notice facts, and the meeting reads their verdicts', async () => {
    const { h, officer, meetingId, agenda } = await scheduled();
    h.clock.set(new Date('2025-08-20T10:00:00Z'));
    const first = await h.addItem.add(
      meetingId,
      {
        title: 'Integrated carers support service contract',
        keyDecision: true,
        forwardPlanPublishedOn: '2025-07-01',
        reportPublishedOn: '2025-08-20',
      },
      officer,
    );
    const second = await h.addItem.add(
      meetingId,
      { title: 'Winter discharge fund', keyDecision: true },
      officer,
    );
    const items = await agenda();
    expect(items.map((i) => i.id)).toEqual([first, second]);
    expect(items[0]).toMatchObject({
      title: 'Integrated carers support service contract',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
      caseId: null,
      notices: { ok: true },
    });
    expect(items[1].notices.ok).toBe(false);
    expect(items[1].notices.verdicts.map((v) => v.code)).toContain('KEY_DECISION_NOTICE_NOT_MET');
  });

  it('refuses a notice dated after today, naming the field, and adds nothing', async () => {
    const { h, officer, meetingId, agenda } = await scheduled();
    h.clock.set(new Date('2025-08-20T10:00:00Z'));
    const e = await domainRefusal(() =>
      h.addItem.add(
        meetingId,
        { title: 'Carers strategy', keyDecision: false, reportPublishedOn: '2025-08-21' },
        officer,
      ),
    );
    expect(e).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: { rule: 'RECORDED_DATE_IN_THE_FUTURE' },
      problems: [{ path: 'reportPublishedOn' }],
    });
    expect(await agenda()).toEqual([]);
  });

  it('refuses a private notice without the reasons for excluding the public, and adds nothing', async () => {
    const { h, officer, meetingId, agenda } = await scheduled();
    h.clock.set(new Date('2025-08-20T10:00:00Z'));
    const e = await domainRefusal(() =>
      h.addItem.add(
        meetingId,
        { title: 'Staffing costs', keyDecision: false, privateNoticePublishedOn: '2025-08-01' },
        officer,
      ),
    );
    expect(e).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'part2Reasons' }] });
    expect(await agenda()).toEqual([]);
  });

  it('links the council’s own case, and refuses another council’s, a member who is not an officer and a body that does not fit, adding nothing', async () => {
    const { h, world, officer, meetingId, agenda } = await scheduled();
    const other = await buildJcbWorld(db.ds);
    const { caseId: otherCase } = await engineHarness(db.ds).open.open(
      openBcfCaseBody(other),
      other.actors.officer,
    );
    const { caseId: ownCase } = await engineHarness(db.ds).open.open(
      openBcfCaseBody(world),
      officer,
    );
    const stranger = await domainRefusal(() =>
      h.addItem.add(
        meetingId,
        { title: 'Another council’s plan', keyDecision: false, caseId: otherCase },
        officer,
      ),
    );
    expect(stranger.code).toBe('CASE_NOT_FOUND');
    const member = await domainRefusal(() =>
      h.addItem.add(
        meetingId,
        { title: 'Carers strategy', keyDecision: false },
        world.jcbActors.cab1,
      ),
    );
    expect(member.code).toBe('NOT_AUTHORISED');
    const unfit = await domainRefusal(() =>
      h.addItem.add(meetingId, { title: 'Carers strategy', keyDecision: 'yes' }, officer),
    );
    expect(unfit).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'keyDecision' }] });
    expect(await agenda()).toEqual([]);
    // The council's own case is linked.
    await h.addItem.add(
      meetingId,
      { title: 'BCF plan', keyDecision: false, caseId: ownCase },
      officer,
    );
    expect((await agenda()).map((i) => i.caseId)).toEqual([ownCase]);
  });
});
