import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { storedPayloads } from '../libs/testing/case-event-payloads.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  JCB_CASE_MEETING as MEETING,
  jcbCaseAtTheShowOfHands,
  jcbCaseWithNotices,
} from '../libs/testing/jcb-dispute-case.factory';
import {
  jcbHands,
  jcbMeetingFacts,
  JCB_MEMBERS,
  seatWithoutAPartnerName,
  type JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 11 of the JCB delegated decision through the API and the meeting page: the show of hands
 * names the Board's partners only as the council's directory names them that day. Seed 002's
 * Board ("Council (Cabinet)", "CCG Governing Body") meets on Thu 4 Sep 2025; then a co-opted seat
 * joins it that the directory gives no partner's name (libs/testing/jcb-world.factory.ts,
 * seatWithoutAPartnerName), and a show of hands is refused whatever name is sent for it, where
 * version 10, released, recorded the name sent.
 */
type Problem = { code: string; rule?: string; detail?: string; explanation?: string[] };
type HandsRecorded = { explanation: string[]; partnerNames: Record<string, string> };

describe('JCB delegated decision, version 11: a partner is named in the show of hands only as the directory names it', () => {
  const { clock, ready, signedInOfficer } = jcbOfficerAppHarness();
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  beforeAll(() => ({ world, app, db } = ready()));
  const cases = new HttpCases(
    () => app,
    () => world.keys.officer,
  );
  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });

  const storedHands = (caseId: string) =>
    storedPayloads<HandsRecorded>(db.ds, caseId, 'RECORD_SHOW_OF_HANDS');

  const sendHands = (c: CaseView, payload: object) =>
    api()
      .post(`/api/cases/${c.id}/events`)
      .set(officer())
      .send({ type: 'RECORD_SHOW_OF_HANDS', expectedVersion: c.version, payload });

  it('records the partners’ names the directory holds with the show of hands, and takes names sent that are the directory’s', async () => {
    const c = await jcbCaseAtTheShowOfHands(app, world, clock, 'Home care framework', {
      templateVersion: 11,
    });
    const res = await sendHands(c, {
      meeting: jcbMeetingFacts(world, MEETING),
      hands: jcbHands(world),
      partnerNames: { ccg: 'CCG Governing Body' },
    });
    expect(res.status).toBe(200);
    const [stored] = await storedHands(c.id);
    expect(stored.partnerNames).toEqual({
      council: 'Council (Cabinet)',
      ccg: 'CCG Governing Body',
    });
    expect(stored.explanation).toContain('CCG Governing Body: 3 of 3 for: assents');
  });

  describe('when a seat’s partner has no name in the directory', () => {
    let coopted: Awaited<ReturnType<typeof seatWithoutAPartnerName>>;
    /** The Board's seats on the day, the co-opted one sending apologies. */
    const meeting = () => {
      const m = jcbMeetingFacts(world, MEETING);
      return {
        ...m,
        members: [...m.members, coopted],
        attendance: [
          ...m.attendance,
          { personId: coopted.personId, name: coopted.name, status: 'apologies' },
        ],
      };
    };
    beforeAll(async () => {
      coopted = await seatWithoutAPartnerName(db.ds, world, '2025-01-01');
    });

    it('refuses the show of hands over the API whatever name is sent for that partner, naming the rule and saying why, and records nothing', async () => {
      const c = await jcbCaseAtTheShowOfHands(app, world, clock, 'Falls prevention service', {
        templateVersion: 11,
        meeting: meeting(),
      });
      const res = await sendHands(c, {
        meeting: meeting(),
        hands: jcbHands(world),
        partnerNames: { coopted: 'Healthwatch Southampton' },
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body as Problem).toMatchObject({
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'PARTNER_NAME_UNKNOWN',
        detail: `The rule “Each partner whose assent counts has a name in the directory” refuses this: ${coopted.name}’s seat represents a partner that has no name in the council’s directory. The name sent with the show of hands (“Healthwatch Southampton”) is not recorded: a partner is named only as the council’s directory names it. An administrator names each of the Joint Commissioning Board’s constituencies in the directory, so that the show of hands says who assents. Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.`,
        explanation: [
          `${coopted.name}’s seat represents a partner that has no name in the council’s directory`,
          'the name sent with the show of hands (“Healthwatch Southampton”) is not recorded: a partner is named only as the council’s directory names it',
          'an administrator names each of the Joint Commissioning Board’s constituencies in the directory, so that the show of hands says who assents',
        ],
      });
      expect(JSON.stringify(res.body)).not.toContain('coopted');
      const now = await cases.read(c.id);
      expect([now.version, now.state.key]).toEqual([c.version, c.state.key]);
      await expect(storedHands(c.id)).resolves.toEqual([]);
    });

    it('shows why: version 10 records the name sent for that partner', async () => {
      const c = await jcbCaseAtTheShowOfHands(app, world, clock, 'Community equipment service', {
        templateVersion: 10,
        meeting: meeting(),
      });
      const res = await sendHands(c, {
        meeting: meeting(),
        hands: jcbHands(world),
        partnerNames: { coopted: 'Healthwatch Southampton' },
      });
      expect(res.status).toBe(200);
      const [stored] = await storedHands(c.id);
      expect(stored.partnerNames.coopted).toBe('Healthwatch Southampton');
    });

    it('explains the refusal on the meeting page in the error summary, linked to the show of hands, and records no hand', async () => {
      // The meeting scheduled on Fri 1 Aug 2025; the case's notices recorded before its evening.
      clock.set(new Date('2025-08-01T09:00:00Z'));
      const scheduled = await api()
        .post('/api/meetings')
        .set(officer())
        .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
        .expect(201);
      const meetingId = (scheduled.body as { id: string }).id;
      const c = await jcbCaseWithNotices(app, world, clock, 'Carers strategy', 11);
      await api()
        .post(`/api/meetings/${meetingId}/publication`)
        .set(officer())
        .send({ agendaPublishedOn: '2025-08-22' })
        .expect(200);
      const added = await api()
        .post(`/api/meetings/${meetingId}/agenda-items`)
        .set(officer())
        .send({ title: 'Carers strategy', caseId: c.id, keyDecision: false })
        .expect(201);
      const itemId = (added.body as { agenda: { id: string }[] }).agenda.at(-1)!.id;
      await api()
        .put(`/api/meetings/${meetingId}/attendance`)
        .set(officer())
        .send([
          ...JCB_MEMBERS.map(([k]) => ({ personId: world.id(k), status: 'present' })),
          { personId: coopted.personId, status: 'apologies' },
        ])
        .expect(200);

      const agent = await signedInOfficer();
      const form = await agent.get(`/meetings/${meetingId}`).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
      const res = await agent
        .post(`/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(JCB_MEMBERS.map(([k]) => [`hand.${world.id(k)}`, 'for'])),
          chairChoice: '',
        })
        .expect(422);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '';
      expect(summary).toContain(`href="#form-hands-${itemId}"`);
      expect(summary).toContain(
        'The rule “Each partner whose assent counts has a name in the directory” refuses this',
      );
      expect(summary).toContain(
        `${coopted.name}’s seat represents a partner that has no name in the council’s directory`,
      );
      expect(summary).toContain(
        'An administrator names each of the Joint Commissioning Board’s constituencies in the directory',
      );
      expect(res.text).not.toMatch(/PARTNER_NAME_UNKNOWN|coopted/);
      const votes = await db.ds.query(
        'SELECT count(*)::int AS n FROM votes WHERE meeting_id = $1',
        [meetingId],
      );
      expect(votes).toEqual([{ n: 0 }]);
      const now = await cases.read(c.id);
      expect([now.version, now.state.key]).toEqual([c.version, c.state.key]);
    });
  });
});
