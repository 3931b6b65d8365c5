import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { BROWSER_JOURNEY_TIMEOUT_MS, expectAccessible } from '../libs/testing/browser.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { jcbMeetingBrowserHarness } from '../libs/testing/jcb-meeting-browser-harness.service';
import request from 'supertest';

/**
 * A JCB decision in Chromium from the show of hands on the meeting page (Thu 4 Sep 2025; seed 002)
 * to the public register, axe-core on every page on the way.
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('a JCB decision from the meeting page in a real browser', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const t = jcbMeetingBrowserHarness(clock);

  it('takes a JCB decision from the show of hands on the meeting page to the public register, every page on the way accessible', async () => {
    const { app, origin, mailbox, db } = t.ready();
    const browser = t.chromium();
    const world = t.world();
    const { signIn, seat } = t;
    const keyOf = (who: string) =>
      who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
    const cases = new HttpCases(() => app, keyOf);
    const officerKey = { Authorization: `Bearer ${world.keys.officer}` };
    clock.set('2025-08-01T10:00:00Z');
    // Version 5: the Board's quorum and consensus blocs from the directory, and the item's typed
    // forward plan day (version 6 takes the published plan's: meeting-forward-plan-day.e2e-spec.ts).
    const opened = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 5,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: '2025-09-04' },
      roles: world.jcbRoles,
    });
    expect(opened.template.version).toBe(5);
    const scheduled = await request(app.getHttpServer())
      .post('/api/meetings')
      .set(officerKey)
      .send({
        body: world.ids.bodies.jcb,
        meetingDate: '2025-09-04',
        title: 'JCB, 4 September 2025 (decision)',
      })
      .expect(201);
    const meetingId = (scheduled.body as { id: string }).id;
    // The meeting's day: the agenda was published on 22 August, the room's record is taken today.
    clock.set('2025-09-04T09:00:00Z');
    await request(app.getHttpServer())
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officerKey)
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    await request(app.getHttpServer())
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officerKey)
      .send(
        ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'].map((k) => ({
          personId: world.id(k),
          status: 'present',
        })),
      )
      .expect(200);

    // The officer puts the case on the agenda and records the show of hands in the room.
    const officer = await signIn('officer', 'officer-password-1');
    await officer.goto(`${origin}/meetings/${meetingId}`);
    await officer.getByLabel('Title').fill('Integrated carers support service contract');
    await officer
      .getByLabel('Case the item decides (optional)')
      .selectOption({ label: 'Integrated carers support service contract' });
    await officer.getByRole('group', { name: 'Is it a key decision?' }).getByLabel('Yes').check();
    const forwardPlan = officer.getByRole('group', {
      name: 'Forward plan notice published on (key decisions)',
    });
    await forwardPlan.getByLabel('Day').fill('1');
    await forwardPlan.getByLabel('Month').fill('7');
    await forwardPlan.getByLabel('Year').fill('2025');
    await officer.getByRole('button', { name: 'Add the item' }).click();
    await officer.waitForURL(/#form-item$/);
    for (const name of [
      'Cllr Ada Fox',
      'Cllr Ben Hart',
      'Cllr Cara Moss',
      'Dr Dev Shah',
      'Dr Eve Long',
      'Dr Finn Roy',
    ])
      await seat(officer, name).getByLabel('For').check();
    await officer.getByRole('button', { name: 'Record the show of hands' }).click();
    await officer.waitForURL(/#form-hands-/);
    await officer
      .getByRole('link', { name: 'Case: Integrated carers support service contract' })
      .click();
    await officer.waitForURL(`${origin}/cases/${opened.id}`);
    const afterMeeting = await cases.read(opened.id);
    expect(afterMeeting.state.key).toBe('draftingDecision');
    await expectAccessible(officer, '19-case-after-meeting');

    // The officer drafts the decision from the report on the case page, on the meeting day.
    clock.set('2025-09-04T15:00:00Z');
    // A month on, the morning's session has long expired: the officer signs in again.
    const drafter = await signIn('officer', 'officer-password-1');
    await drafter.goto(`${origin}/cases/${opened.id}`);
    await drafter
      .getByLabel('Decision', { exact: true })
      .fill('Award the integrated carers support contract to Carers Together CIC');
    await drafter
      .getByLabel('Reasons for the decision', { exact: true })
      .fill('Best quality and price in the tender; supported by both partners');
    await drafter
      .getByLabel('Alternatives considered and rejected')
      .fill('Extend the current contracts\nBring the service in house');
    await drafter.getByLabel('Sum committed').fill('£1,500,000');
    await drafter
      .getByRole('group', { name: 'The decision maker acts as' })
      .getByLabel('A Cabinet member')
      .check();
    await drafter.getByRole('button', { name: 'Draft the decision' }).click();
    await drafter.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await drafter.getByRole('button', { name: 'Confirm and draft the decision' }).click();
    await drafter.waitForURL(`${origin}/cases/${opened.id}?done=DRAFT_DECISION`);
    await expect(
      drafter
        .locator('.govuk-notification-banner--success')
        .getByRole('heading', { name: 'The decision was drafted for the decision maker' })
        .count(),
    ).resolves.toBe(1);
    await expect(
      drafter.getByText('Decision drafted: awaiting the decision maker’s answer').count(),
    ).resolves.toBeGreaterThan(0);
    // Drafting again asks first: without the confirmation nothing is replaced and nobody is emailed again.
    await expect(
      drafter.getByText('A drafted decision is already with the decision maker').count(),
    ).resolves.toBe(1);
    const draftedVersion = (await cases.read(opened.id)).version;
    await drafter.getByRole('button', { name: 'Draft the decision' }).click();
    await drafter.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expect(
      drafter
        .getByRole('link', {
          name: 'Confirm: replace the draft and email the decision maker again',
        })
        .count(),
    ).resolves.toBe(1);
    await expect(cases.read(opened.id)).resolves.toMatchObject({ version: draftedVersion });

    // The decision maker takes the decision from the emailed link; both sign the notice the same way.
    const answerFromEmail = async (
      to: string,
      subject: RegExp,
      screenshot: string,
      shown: string[] = [],
      checkFirst = false,
    ) => {
      await app.get(OutboxDeliveryService).deliverDue();
      const entries = (await mailbox.list()).filter(
        (e) => e.to.includes(to) && subject.test(e.subject),
      );
      expect(entries.length).toBeGreaterThan(0);
      const message = await mailbox.read(entries[entries.length - 1].id);
      const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(message!.text)![1];
      const member = await (await browser.newContext({ bypassCSP: true })).newPage();
      await member.goto(`${origin}${path}`);
      await expectAccessible(member, screenshot);
      // What they are asked to agree is on the page, not only in the officer's system.
      for (const text of shown)
        await expect(member.getByText(text).count()).resolves.toBeGreaterThan(0);
      // Its dates in words, never as the engine stores them (2025-09-04).
      await expect(member.locator('main').innerText()).resolves.not.toMatch(/\d{4}-\d{2}-\d{2}/);
      // Taking the decision and signing the notice need a step-up first (ADR 0016): the council has
      // no sign-in of its own set up here, so a code emailed separately, read from the mailbox.
      await member.getByRole('button', { name: 'Email me a code' }).click();
      await member.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
      const codes = (await mailbox.list()).filter(
        (e) => e.to.includes(to) && e.subject === 'Your code to confirm who you are',
      );
      const codeMail = await mailbox.read(codes[0].id);
      await member.getByLabel('Code').fill(/Your code is (\d{6})/.exec(codeMail!.text)![1]);
      await member.getByRole('button', { name: 'Confirm the code' }).click();
      await member.getByText('You confirmed who you are with a code emailed to').waitFor();
      await member.getByLabel('I approve', { exact: true }).check();
      // A signature on the notice is checked first (Continue, then Confirm my answer).
      if (checkFirst) {
        await member.getByRole('button', { name: 'Continue' }).click();
        await member.getByRole('heading', { level: 1, name: 'Check your answer' }).waitFor();
      }
      await member.getByRole('button', { name: 'Confirm my answer' }).click();
      // The answer posts to the same address: wait for the receipt's heading itself.
      await member.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
      return member;
    };
    const cab1Email = world.emailOf('cab1');
    const properEmail = world.emailOf('proper');
    await answerFromEmail(cab1Email, /Your decision is needed/, '19a-decision-link', [
      'Award the integrated carers support contract to Carers Together CIC',
      '£1,500,000',
    ]);
    await answerFromEmail(
      properEmail,
      /Your signature is needed on the Decision Notice/,
      '19b-notice-link',
      ['Decided on', 'Thursday 4 September 2025'],
      true,
    );
    await answerFromEmail(
      cab1Email,
      /Your signature is needed on the Decision Notice/,
      '19c-notice-link',
      [],
      true,
    );
    const signed = await cases.read(opened.id);
    expect(signed.state.key).toBe('awaitingPublication');
    expect((signed.context as { decision: { decidedOn: string } }).decision.decidedOn).toBe(
      '2025-09-04',
    );
    clock.set('2025-09-05T09:00:00Z');
    await cases.act(signed, 'officer', 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const publicContext = await browser.newContext({ bypassCSP: true });
    const visitor = await publicContext.newPage();
    await visitor.goto(`${origin}/register/${slug}`);
    await visitor.getByRole('link', { name: 'Integrated carers support service contract' }).click();
    await visitor.waitForURL(`${origin}/register/${slug}/${opened.reference}`);
    await expect(visitor.getByText('Carers Together CIC').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(visitor, '20-register-notice');
    const printable = await (
      await browser.newContext({ bypassCSP: true, extraHTTPHeaders: officerKey })
    ).newPage();
    await printable.goto(`${origin}/api/cases/${opened.id}/decision-notice.html`);
    await expectAccessible(printable, '21-decision-notice-printable');

    // The pages that say no: another role's page, and a meeting that is not there.
    const lead = await signIn('governanceLead', 'lead-password-1');
    await lead.goto(`${origin}/cases/new`);
    await expect(lead.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /permission|not allowed|cannot/i,
    );
    await expectAccessible(lead, '22-forbidden');
    await lead.goto(`${origin}/meetings/00000000-0000-4000-8000-000000000000`);
    await expectAccessible(lead, '23-not-found');
  });
});
