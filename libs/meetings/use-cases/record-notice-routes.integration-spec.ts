import { domainRefusal } from '../../testing/domain-refusal.service';
import { scheduledJcbMeeting } from '../../testing/jcb-meeting.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';

/*
 * The lawful routes around a notice that fell short, recorded on an agenda item (2012 Regulations
 * reg 11, special urgency; a late report taken for the chair's reasons): the meeting reads the
 * item's notices as met; a route agreed by someone the rules do not name, one dated after today,
 * an item the meeting does not have and a member who is not an officer are refused, and the item
 * keeps the routes it had. JCB meeting Thu 4 Sep 2025 (seed 002). No HTTP.
 */
const URGENCY = { agreedBy: 'scrutinyChair', name: 'Cllr Jan Cole', agreedOn: '2025-09-01' };
const LATE_REPORT =
  'NHS England confirmed the fund allocation on 1 September; the decision cannot wait for the next meeting.';

describe('recording the routes around a notice that fell short', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A key decision with no forward plan notice and a report out two days before the meeting. */
  async function lateKeyDecision() {
    const { h, world, officer, meetingId } = await scheduledJcbMeeting(db.ds);
    h.clock.set(new Date('2025-09-02T10:00:00Z'));
    const itemId = await h.addItem.add(
      meetingId,
      { title: 'Winter discharge fund', keyDecision: true, reportPublishedOn: '2025-09-02' },
      officer,
    );
    const item = async () =>
      (await h.read.view(world.tenantId, meetingId)).agenda.find((i) => i.id === itemId)!;
    return { h, world, officer, meetingId, itemId, item };
  }

  const codes = (item: { notices: { verdicts: { code: string }[] } }) =>
    item.notices.verdicts.map((v) => v.code);

  it('takes a key decision under special urgency and a late report for the chair’s reasons, and the notices are then met', async () => {
    const { h, officer, meetingId, itemId, item } = await lateKeyDecision();
    const before = await item();
    expect(codes(before)).toEqual(
      expect.arrayContaining(['KEY_DECISION_NOTICE_NOT_MET', 'REPORT_LATE']),
    );
    expect(before.notices.ok).toBe(false);
    await h.noticeRoutes.record(
      meetingId,
      itemId,
      { specialUrgency: URGENCY, lateItemSpecialCircumstances: LATE_REPORT },
      officer,
    );
    const after = await item();
    expect(codes(after)).toEqual(
      expect.arrayContaining(['KEY_DECISION_SPECIAL_URGENCY', 'REPORT_LATE_ITEM_ACCEPTED']),
    );
    expect(after.notices.ok).toBe(true);
  });

  it('refuses an urgency agreed by someone the rules do not name, and one dated after today, keeping the item as it was', async () => {
    const { h, officer, meetingId, itemId, item } = await lateKeyDecision();
    const before = await item();
    const mayor = await domainRefusal(() =>
      h.noticeRoutes.record(
        meetingId,
        itemId,
        { specialUrgency: { ...URGENCY, agreedBy: 'mayor' } },
        officer,
      ),
    );
    expect(mayor.code).toBe('INVALID_INPUT');
    const tomorrow = await domainRefusal(() =>
      h.noticeRoutes.record(
        meetingId,
        itemId,
        { specialUrgency: { ...URGENCY, agreedOn: '2025-09-03' } },
        officer,
      ),
    );
    expect(tomorrow).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: { rule: 'RECORDED_DATE_IN_THE_FUTURE' },
      problems: [{ path: 'specialUrgency.agreedOn' }],
    });
    expect(await item()).toEqual(before);
  });

  it('refuses an item the meeting does not have and a member who is not an officer', async () => {
    const { h, world, officer, meetingId, itemId, item } = await lateKeyDecision();
    const before = await item();
    const elsewhere = await lateKeyDecision();
    const missing = await domainRefusal(() =>
      h.noticeRoutes.record(meetingId, elsewhere.itemId, { specialUrgency: URGENCY }, officer),
    );
    expect(missing.code).toBe('AGENDA_ITEM_NOT_FOUND');
    const member = await domainRefusal(() =>
      h.noticeRoutes.record(meetingId, itemId, { specialUrgency: URGENCY }, world.jcbActors.cab1),
    );
    expect(member.code).toBe('NOT_AUTHORISED');
    expect(await item()).toEqual(before);
    expect(codes(await elsewhere.item())).toContain('KEY_DECISION_NOTICE_NOT_MET');
  });
});
