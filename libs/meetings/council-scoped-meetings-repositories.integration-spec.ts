import { londonDate } from '../governance/working-day-calendar.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { MeetingsRepository } from './meetings.repository';

/*
 * The meetings' repository takes the council's scope: a meeting written in council A's scope is
 * council A's, and a call scoped to council B neither reads nor lists it, whatever id it is given
 * (outside every request's scope, where row-level security lets every row through, ADR 0015).
 */
describe('meetings repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const meetings = new MeetingsRepository();

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
});
