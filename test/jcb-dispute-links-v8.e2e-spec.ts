import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { jcbCaseInDispute } from '../libs/testing/jcb-dispute-case.factory';
import type { JcbWorld } from '../libs/testing/jcb-world.factory';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';
import { pageText } from '../libs/testing/staff-page-client.service';
import type { TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 8 of the JCB delegated decision through its emailed links, on real PostgreSQL: a matter
 * the Chair refers back at the meeting of Thu 4 Sep 2025 on which Cabinet and the ICB's board
 * differ goes to the Leader of the Council and the ICB's chair (ToR 9.1), each answering from a
 * one-time link, their answer shown in words to check before it is recorded. Both back to the
 * Board: it returns there; concluding differently, it stays in dispute and both are asked again.
 * A used link, another person's answer and an answer without its note record nothing.
 */

describe('JCB delegated decision, version 8: the dispute concluded from emailed links', () => {
  const { clock, ready } = jcbOfficerAppHarness();
  let world: JcbWorld;
  let app: INestApplication;
  let db: TestDatabase;
  beforeAll(() => ({ world, app, db } = ready()));
  const keyOf = (who: string) =>
    who === 'officer'
      ? world.keys.officer
      : world.jcbKeys[who as 'councilLeader' | 'icbChair' | 'cab1'];
  const cases = new HttpCases(() => app, keyOf);

  /** A new case on version 8, by its number, in dispute: Cabinet for it, the ICB's board against. */
  async function inDispute(title: string): Promise<CaseView> {
    const c = await jcbCaseInDispute(app, world, clock, title, 8);
    expect(c.template.version).toBe(8);
    expect(c.state.key).toBe('referredBack.inDispute');
    return c;
  }

  /** The open link of `role` on the case: its token, and its page's form. */
  async function linkOf(caseId: string, role: 'leader' | 'partnerChair') {
    const rows: { id: string; request: string; allowed_responses: string[] }[] = await db.ds.query(
      `SELECT id, request, allowed_responses FROM action_links WHERE case_id = $1 AND role = $2 AND status = 'open'`,
      [caseId, role],
    );
    expect(rows).toHaveLength(1);
    const token = app.get(LinkTokens).tokenFor(rows[0].id);
    const agent = request.agent(app.getHttpServer());
    const opened = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(opened.text)![1];
    const post = (form: Record<string, string>) =>
      agent
        .post(`/act/${token}`)
        .type('form')
        .send({ csrf, ...form });
    return { token, row: rows[0], page: pageText(opened.text), post };
  }

  const back = { response: 'approveWithComments', comments: 'Agreed to look at it again' };
  const stop = { response: 'reject', reasons: 'The budget for next year is not agreed' };

  async function answer(caseId: string, role: 'leader' | 'partnerChair', form: object) {
    const { post } = await linkOf(caseId, role);
    const check = await post({ ...form } as Record<string, string>);
    expect(pageText(check.text)).toContain('Check your answer');
    const done = await post({ ...form, checked: 'yes' } as Record<string, string>);
    expect(done.status).toBe(200);
    expect(pageText(done.text)).toContain('Your answer is recorded');
    return pageText(done.text);
  }

  async function audited(caseId: string): Promise<number> {
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    return a.n;
  }

  it('emails the Leader and the ICB’s chair a link that offers the dispute’s conclusions, each with its note', async () => {
    const c = await inDispute('Integrated wheelchair service contract');
    for (const role of ['leader', 'partnerChair'] as const) {
      const { row, page } = await linkOf(c.id, role);
      expect(row.request).toBe('dispute-referred');
      expect(row.allowed_responses).toEqual(['approveWithComments', 'reject']);
      expect(page).toContain('Your conclusion of the dispute is asked for');
      expect(page).toContain('I conclude that it goes back to the Board for further consideration');
      expect(page).toContain('I conclude that the matter does not move forward');
      expect(page).toContain('Does not support the decision proposed');
      expect(page).not.toContain('I approve');
    }
  });

  it('returns the matter to the Board when both answer so from their links, with the answers on the chain', async () => {
    const c = await inDispute('Carers support contract');
    const leader = await answer(c.id, 'leader', back);
    expect(leader).toContain('You conclude that it goes back to the Board');
    expect(leader).toContain('awaiting the conclusion of the partner’s chair');
    await answer(c.id, 'partnerChair', back);
    const after = await cases.read(c.id);
    expect(after.state.key).toBe('returnedToBoard');
    const events: { event: { type: string; role: string; evidence?: { channel: string } } }[] =
      await db.ds.query(
        `SELECT event FROM audit_records WHERE case_id = $1 AND event->>'type' LIKE 'CONCLUDE_%' ORDER BY seq`,
        [c.id],
      );
    expect(events.map((e) => [e.event.type, e.event.evidence?.channel])).toEqual([
      ['CONCLUDE_RETURN_TO_BOARD', 'email-link'],
      ['CONCLUDE_RETURN_TO_BOARD', 'email-link'],
    ]);
  });

  it('keeps a difference in dispute, asks both again by new links, and ends it when they agree it does not move forward', async () => {
    const c = await inDispute('Community equipment contract');
    await answer(c.id, 'leader', back);
    await answer(c.id, 'partnerChair', stop);
    let now = await cases.read(c.id);
    expect(now.state.key).toBe('referredBack.inDispute');
    expect(now.state.summary).toContain('concluded differently');
    expect(now.awaiting.map((a) => a.role).sort()).toEqual(['leader', 'partnerChair']);
    const again = await linkOf(c.id, 'leader');
    expect(again.row.request).toBe('dispute-conclusions-differ');
    expect(again.page).toContain('The partner’s chair concluded');
    expect(again.page).toContain('The budget for next year is not agreed');

    clock.set(new Date('2025-09-25T10:00:00Z'));
    await answer(c.id, 'leader', stop);
    await answer(c.id, 'partnerChair', stop);
    now = await cases.read(c.id);
    expect(now.state.key).toBe('notProceeding');
    expect(now.state.summary).toContain('agreed that the matter does not move forward');
  });

  it('records nothing from a used link, an answer without its note, or another person', async () => {
    const c = await inDispute('Reablement contract');
    const { token, post } = await linkOf(c.id, 'leader');
    const before = await audited(c.id);

    const bare = await post({ response: 'approve', checked: 'yes' });
    expect(bare.status).toBe(422);
    expect(pageText(bare.text)).toContain('Choose one of the answers offered');
    const noNote = await post({ response: 'approveWithComments', comments: ' ', checked: 'yes' });
    expect(noNote.status).toBe(422);
    expect(pageText(noNote.text)).toContain('Write what was discussed and concluded');
    expect(await audited(c.id)).toBe(before);

    // Another person: the ICB's chair's key cannot conclude as the Leader, nor the officer at all.
    const asLeader = await request(app.getHttpServer())
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${keyOf('icbChair')}` })
      .send({
        type: 'CONCLUDE_RETURN_TO_BOARD',
        as: 'leader',
        expectedVersion: c.version,
        payload: { comments: 'Not mine to give' },
      });
    expect(asLeader.status).toBe(403);
    const byOfficer = await request(app.getHttpServer())
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${keyOf('officer')}` })
      .send({
        type: 'CONCLUDE_NOT_MOVE_FORWARD',
        expectedVersion: c.version,
        payload: { reasons: 'Not mine to give' },
      });
    expect(byOfficer.status).toBe(403);
    expect(await audited(c.id)).toBe(before);

    await post({ ...back, checked: 'yes' }).expect(200);
    const used = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ ...stop, checked: 'yes' });
    expect(pageText(used.text)).toContain('Your answer was already recorded');
    expect(pageText(used.text)).toContain('you conclude that it goes back to the Board');
    expect(await audited(c.id)).toBe(before + 1);
    expect((await cases.read(c.id)).state.key).toBe('referredBack.inDispute');
  });

  it('closes the Leader’s link when the role passes to another office, and emails the new holder one', async () => {
    const c = await inDispute('Falls prevention contract');
    const { token } = await linkOf(c.id, 'leader');
    const before = await audited(c.id);
    await request(app.getHttpServer())
      .post(`/api/cases/${c.id}/roles/leader/reassign`)
      .set({ Authorization: `Bearer ${keyOf('officer')}` })
      .send({
        expectedVersion: c.version,
        holderId: world.ids.offices.properOfficer,
        reason: 'The Leader is conflicted',
      })
      .expect(200);
    const closed = await request(app.getHttpServer()).get(`/act/${token}`);
    expect(closed.status).toBe(410);
    const posted = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ ...back, checked: 'yes' });
    expect(posted.status).toBe(404);
    expect(await audited(c.id)).toBe(before + 1);
    const fresh = await linkOf(c.id, 'leader');
    expect(fresh.row.request).toBe('dispute-referred');
    expect(fresh.token).not.toBe(token);
  });
});
