import { londonDate } from '../governance/working-day-calendar.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { AgendaItemsRepository } from './agenda-items.repository';
import { MeetingsRepository } from './meetings.repository';

/*
 * The meetings' and agenda items' repositories take the council's scope: a meeting or an item
 * written in council A's scope is council A's, and a call scoped to council B neither reads nor
 * lists it, whatever id it is given
 * (outside every request's scope, where row-level security lets every row through, ADR 0015).
 */
describe('meetings and agenda items repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const meetings = new MeetingsRepository();
  const items = new AgendaItemsRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('writes a meeting with its past in the council’s scope, read by that council alone', async () => {
    const m = db.ds.manager;
    const held = await meetings.insertScheduledOn(w.scopeA, m, {
      bodyId: w.a.ids.bodies.hwbb,
      meetingDate: '2021-12-02',
      title: 'Health and Wellbeing Board, Thursday 2 December 2021',
      by: w.a.ids.people.officer,
      scheduledOn: '2021-10-03',
      agendaPublishedOn: '2021-11-18',
    });
    const ahead = await meetings.insertScheduledOn(w.scopeA, m, {
      bodyId: w.a.ids.bodies.hwbb,
      meetingDate: '2022-01-13',
      title: 'Health and Wellbeing Board, Thursday 13 January 2022',
      by: w.a.ids.people.officer,
      scheduledOn: null,
      agendaPublishedOn: null,
    });
    expect(await meetings.meeting(w.scopeA, m, held)).toMatchObject({
      bodyId: w.a.ids.bodies.hwbb,
      meetingDate: '2021-12-02',
      agendaPublishedOn: '2021-11-18',
    });
    expect(londonDate((await meetings.scheduledAt(w.scopeA, m, held))!)).toBe('2021-10-03');
    expect(await meetings.meeting(w.scopeA, m, ahead)).toMatchObject({ agendaPublishedOn: null });
    const [{ now }]: { now: Date }[] = await m.query('SELECT now() AS now');
    expect(londonDate((await meetings.scheduledAt(w.scopeA, m, ahead))!)).toBe(londonDate(now));

    await expect(meetings.meeting(w.scopeB, m, held)).resolves.toBeNull();
    await expect(meetings.scheduledAt(w.scopeB, m, held)).resolves.toBeNull();
    const page = { limit: 50, offset: 0 };
    expect((await meetings.list(w.scopeA, m, page)).map((x) => x.id).sort()).toEqual(
      [held, ahead].sort(),
    );
    await expect(meetings.list(w.scopeB, m, page)).resolves.toEqual([]);
  });

  it('appends agenda items in the council’s scope, read by that council alone', async () => {
    const m = db.ds.manager;
    const meetingOf = (w2: TwoCouncils['a'], scope: TwoCouncils['scopeA']) =>
      meetings.insertScheduledOn(scope, m, {
        bodyId: w2.ids.bodies.hwbb,
        meetingDate: '2021-12-02',
        title: 'Health and Wellbeing Board, Thursday 2 December 2021',
        by: w2.ids.people.officer,
        scheduledOn: null,
        agendaPublishedOn: null,
      });
    const ofA = await meetingOf(w.a, w.scopeA);
    const ofB = await meetingOf(w.b, w.scopeB);
    const item = (title: string, caseId: string | null, forwardPlanPublishedOn: string | null) => ({
      title,
      caseId,
      keyDecision: forwardPlanPublishedOn !== null,
      forwardPlanPublishedOn,
      part2Reasons: null,
      noticeRoutes: {},
      privateNoticePublishedOn: null,
      reportPublishedOn: null,
    });
    await items.append(w.scopeB, m, ofB, item('Of B', null, null));
    await items.append(w.scopeA, m, ofA, item('Contract award', w.caseOfA, '2021-10-01'));
    await items.append(w.scopeA, m, ofA, item('Pooled budget', null, null));
    expect(await items.ofMeeting(w.scopeA, m, ofA)).toMatchObject([
      { position: 1, title: 'Contract award', caseId: w.caseOfA, keyDecision: true },
      { position: 2, title: 'Pooled budget', caseId: null, keyDecision: false, noticeRoutes: {} },
    ]);
    await expect(items.ofMeeting(w.scopeB, m, ofA)).resolves.toEqual([]);
    expect((await items.ofMeeting(w.scopeB, m, ofB)).map((i) => i.title)).toEqual(['Of B']);
  });
});
