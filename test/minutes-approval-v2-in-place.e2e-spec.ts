import request from 'supertest';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { renderEmail, type EmailPayload } from '../libs/notifications/email-message.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';
import { pageText } from '../libs/testing/staff-page-client.service';
import { findTemplate } from '../libs/workflows/template.registry';

/*
 * Minutes approval, version 2, when the vice-chair signs in the chair's place (issue #15): the
 * emails that follow name the office actually signing (the return for correction, the escalation
 * when the meeting's day ends unsigned, the signature), and the approving meeting's page links to
 * the case its approval went to, by its reference. The HWBB's meetings of Wed 20 October and Wed
 * 17 November 2021; the chair (Cllr Alex Rowe) sends apologies to the later one, so its vice-chair
 * (Dr Sam Okafor) signs.
 */

const EARLIER = '2021-10-20';
const LATER = '2021-11-17';
const IN_PLACE = 'the vice-chair in the place of the chair (Cllr Alex Rowe)';

describe('minutes approval, version 2: the vice-chair signing in the chair’s place, named as such', () => {
  const h = directoryAppHarness();
  const { clock, server, as, linkOf } = h;
  const db = () => h.db();

  async function meeting(w: DirectoryWorld, meetingDate: string): Promise<string> {
    const made = await server()
      .post('/api/meetings')
      .set(as(w.keys.officer))
      .send({ body: w.ids.bodies.hwbb, meetingDate, title: `Board meeting, ${meetingDate}` })
      .expect(201);
    return made.body.id as string;
  }

  /** The emails the case queued with this message, as their recipients read them. */
  async function emails(caseId: string, message: string) {
    const rows: { id: string; payload: EmailPayload }[] = await db().ds.query(
      `SELECT id, payload FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2`,
      [caseId, message],
    );
    const emailsOf = findTemplate('minutes-approval', 2)!.emails;
    return rows.map((r) =>
      renderEmail(r.id, r.payload, emailsOf, {
        actionUrl: null,
        caseReference: 'the reference',
        caseUrl: 'https://ratify.invalid/case',
      }),
    );
  }

  /** Answers from the vice-chair's open link: signs, or returns the minutes with reasons. */
  async function answer(caseId: string, w: DirectoryWorld, form: Record<string, string>) {
    const token = await linkOf(caseId, w.ids.people.gp, 'open');
    const page = await server().get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await server()
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, ...form });
    expect(res.status).toBeLessThan(400);
  }

  it('names the vice-chair in the chair’s place in the return, the escalation and the signature, and the meeting page links to the case by its reference', async () => {
    clock.set('2021-11-01T10:00:00Z');
    const w = await buildDirectoryWorld(db().ds);
    const earlier = await meeting(w, EARLIER);
    const later = await meeting(w, LATER);
    const opened = await server()
      .post('/api/cases')
      .set(as(w.keys.officer))
      .send({
        template: 'minutes-approval',
        templateVersion: 2,
        title: 'HWBB minutes of 20 October 2021',
        dates: { meetingDate: EARLIER, nextMeetingDate: LATER },
        roles: { chair: w.ids.bodies.hwbb },
      })
      .expect(201);
    const caseId = opened.body.id as string;

    clock.set(`${LATER}T19:00:00Z`);
    await server()
      .put(`/api/meetings/${later}/attendance`)
      .set(as(w.keys.officer))
      .send(
        ['chair', 'gp', 'healthwatch', 'cabinet'].map((k) => ({
          personId: w.ids.people[k],
          status: k === 'chair' ? 'apologies' : 'present',
        })),
      )
      .expect(200);
    await server()
      .post(`/api/meetings/${later}/minutes-approval`)
      .set(as(w.keys.officer))
      .send({ previousMeetingId: earlier, amendments: [] })
      .expect(201);

    await answer(caseId, w, { response: 'reject', reasons: 'Item 4’s resolution is missing' });
    const [returned] = await emails(caseId, 'correction-requested');
    expect(returned.text).toContain(
      'The vice-chair in the place of the chair (Cllr Alex Rowe) returned the minutes',
    );
    expect(returned.text).not.toContain('The chair returned');

    // The meeting's day ends with the minutes unsigned: the escalation says whose signature is missing.
    clock.set('2021-11-18T09:00:00Z');
    await h.app().get(DeadlineSweepService).sweep();
    const escalations = await emails(caseId, 'minutes-overdue');
    expect(escalations.length).toBeGreaterThan(0);
    for (const e of escalations)
      expect(e.text).toContain(
        `The Board approved the minutes at its meeting, and the day has passed without them being signed by ${IN_PLACE}.`,
      );

    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    await server()
      .post(`/api/cases/${caseId}/events`)
      .set(as(w.keys.officer))
      .send({
        type: 'RECORD_CORRECTION',
        expectedVersion: read.body.version as number,
        payload: { correctedOn: '2021-11-18', details: 'Item 4’s resolution added' },
      })
      .expect(200);
    await answer(caseId, w, { response: 'approve' });
    const [signed] = await emails(caseId, 'minutes-signed');
    expect(signed.text).toContain(
      'The vice-chair in the place of the chair (Cllr Alex Rowe) has signed the minutes as a correct record.',
    );

    // The approving meeting's page names the case its approval went to by its reference.
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db().ds, {
      tenantId: w.tenantId,
      personId: w.ids.people.officer,
      role: 'officer',
      password: 'officer-in-place-1',
      at: clock.now(),
    });
    const [{ reference }]: { reference: string }[] = await db().ds.query(
      'SELECT reference FROM cases WHERE id = $1',
      [caseId],
    );
    const agent = request.agent(h.app().getHttpServer());
    expect(
      (await postSignIn(agent, { email: w.emailOf('officer'), password: 'officer-in-place-1' }))
        .status,
    ).toBe(303);
    const page = await agent.get(`/meetings/${later}`).expect(200);
    expect(page.text).toMatch(
      new RegExp(
        `<a class="govuk-link" href="/cases/${caseId}">HWBB minutes of 20 October 2021 \\(${reference}\\)</a>`,
      ),
    );
    expect(pageText(page.text)).toContain(
      'The minutes of the meeting on Wednesday 20 October 2021 were approved as a correct record.',
    );
  });
});
