import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { grantMeetingsHarness } from '../libs/testing/grant-meetings-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';

/*
 * The meeting page of a body deciding by a majority (Cabinet, the demo's rules: a simple majority,
 * a tie decided by the casting vote of the person presiding, LGA 1972 Sch 12 para 39(2)): its show
 * of hands offers the casting vote, which a consensus body's does not (test/meeting-room-pages), and
 * an item deciding a case links to the case by its reference. Cabinet on Tue 14 July 2026.
 */

const CABINET = '2026-07-14';

describe('the meeting page of a body that decides by a majority', () => {
  const h = grantMeetingsHarness([{ body: 'cabinet', date: CABINET }]);

  it('offers the casting vote of the person presiding in the show of hands, and links the item’s case by its reference', async () => {
    const opened = await h.cases.open({
      template: 'grant-ratification',
      title: 'Adult Social Care grant 2026/27',
      dates: {
        cabinetMeetingDate: CABINET,
        councilMeetingDate: '2026-07-22',
        ratificationDeadline: '2026-07-30',
      },
      roles: { reportOwner: h.world().ids.offices.serviceDirector },
    });
    const itemId = await h.itemAt('cabinet', CABINET, 'Adult Social Care grant', opened.id);
    const [{ reference }]: { reference: string }[] = await h
      .db()
      .ds.query('SELECT reference FROM cases WHERE id = $1', [opened.id]);

    await StaffAuthService.createAccount(new StaffAccountsRepository(), h.db().ds, {
      tenantId: h.world().tenantId,
      personId: h.world().ids.people.officer,
      role: 'officer',
      password: 'officer-majority-1',
      at: h.clock.now(),
    });
    const agent = request.agent(h.app().getHttpServer());
    const signedIn = await postSignIn(agent, {
      email: h.world().emailOf('officer'),
      password: 'officer-majority-1',
    });
    expect(signedIn.status).toBe(303);
    const meetings = (await h.api().get('/api/meetings').set(h.auth()).expect(200)).body as {
      items: { id: string; meetingDate: string }[];
    };
    const meetingId = meetings.items.find((m) => m.meetingDate === CABINET)!.id;
    const page = await agent.get(`/meetings/${meetingId}`).expect(200);

    expect(page.text).toContain(`id="form-hands-${itemId}"`);
    expect(page.text).toContain('name="castingVote.presidingPersonId"');
    expect(page.text).toContain('name="castingVote.hand"');
    expect(page.text).toContain(
      `href="/cases/${opened.id}">Case: Adult Social Care grant 2026/27 (${reference})</a>`,
    );
  });
});
