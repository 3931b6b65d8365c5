import type { HttpCases } from '../libs/testing/http-cases.service';
import type { JcbWorld } from '../libs/testing/jcb-world.factory';
import {
  type JcbUrgency,
  jcbUrgencyHarness,
  URGENCY_MEETING as MEETING,
  URGENCY_PUBLISHED as PUBLISHED,
  URGENCY_REASON as REASON,
} from '../libs/testing/jcb-urgency-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 2 of the JCB delegated decision: a key decision exempted from call-in as urgent by the
 * case's urgency approver, on the record and in the notice; the exemptions refused. Who may agree
 * urgency, when, and on which version: test/jcb-urgency-rules.e2e-spec.ts.
 */
type StoredLink = {
  actor: { kind: string; name?: string };
  authority: { kind: string; officeTitle?: string };
  event: { type: string };
};

describe('JCB delegated decision, version 2: the urgency exemption from call-in', () => {
  const u = jcbUrgencyHarness();
  const { server, bearer, open, decided, refusedWith } = u;
  let db: TestDatabase;
  let world: JcbWorld;
  let cases: HttpCases;
  let clock: JcbUrgency['clock'];
  beforeAll(() => ({ db, world, cases, clock } = u.ready()));

  it('opens version 2 cases, which ask who may agree urgency', async () => {
    const opened = await open();
    expect(opened.template.version).toBe(2);
    expect(opened.state.key).toBe('beforeMeeting.notices');

    const res = await server()
      .post('/api/cases')
      .set(bearer('officer'))
      .send({
        template: 'jcb-delegated-decision',
        templateVersion: 2,
        title: 'No urgency approver named',
        dates: { meetingDate: MEETING },
        roles: {
          decisionMaker: world.jcbRoles.decisionMaker,
          properOfficer: world.jcbRoles.properOfficer,
        },
      })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'INVALID_ROLE_HOLDER',
      problems: [{ path: 'roles.urgencyApprover', message: expect.stringContaining('office') }],
    });
  });

  it('exempts a key decision agreed urgent by the scrutiny chair with a reason: implementable on publication, the notice says why, and a call-in is refused', async () => {
    const signedUp = await decided();
    const exempt = await cases.act(signedUp, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: MEETING,
      reason: REASON,
    });
    expect(exempt.state.summary).toBe(
      'Awaiting the Decision Notice signature of the decision maker and the Proper Officer (exempt from call-in as urgent, agreed by Cllr Jan Cole on Thursday 4 September 2025)',
    );
    const proper = await cases.act(exempt, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    const signed = await cases.act(proper, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });

    clock.set('2025-09-05T09:00:00Z');
    const published = await cases.act(signed, 'officer', 'RECORD_PUBLICATION', {
      publishedOn: PUBLISHED,
    });
    expect(published.state).toEqual({
      key: 'implementable',
      summary:
        'Implementable from Friday 5 September 2025: exempt from call-in as urgent, agreed by Cllr Jan Cole on Thursday 4 September 2025; decision taken, notice signed and published',
      closed: true,
    });
    expect(published.openDeadlines).toEqual([]);

    const notice = await server()
      .get(`/api/cases/${published.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(notice.body).toMatchObject({
      keyDecision: true,
      publishedOn: PUBLISHED,
      implementableFrom: PUBLISHED,
      callIn: {
        status: `exempt from call-in: urgent, agreed by Cllr Jan Cole (Chair, Health Overview and Scrutiny Panel) on ${MEETING}; reason: ${REASON}`,
        explanation: [
          'published Fri 5 Sep 2025',
          `exempted from call-in as urgent by Cllr Jan Cole on Thu 4 Sep 2025: "${REASON}"`,
          'implementable from Fri 5 Sep 2025',
        ],
      },
      urgencyExemption: {
        agreedBy: 'Cllr Jan Cole',
        actingAs: 'Chair, Health Overview and Scrutiny Panel',
        agreedOn: MEETING,
        reason: REASON,
      },
      rulesVersion: 'rules as at version 2 of the jcb-delegated-decision workflow',
    });
    const page = await server()
      .get(`/api/cases/${published.id}/decision-notice.html`)
      .set(bearer('officer'))
      .expect(200);
    expect(page.text).toContain('exempt from call-in: urgent, agreed by Cllr Jan Cole');

    const callIn = await refusedWith(
      published,
      'officer',
      'CALL_IN',
      { calledInOn: '2025-09-08', calledInBy: 'Cllr Gray and Cllr Hunt', reasons: 'Too hasty' },
      422,
    );
    expect(callIn.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(callIn.messages).toEqual([
      expect.stringMatching(
        /^CALL_IN_OF_EXEMPT_DECISION: the decision was exempted from call-in as urgent and cannot be called in; exempted from call-in as urgent by Cllr Jan Cole/,
      ),
    ]);

    const trail = await server()
      .get(`/api/cases/${published.id}/audit`)
      .set(bearer('officer'))
      .expect(200);
    const exemption = (trail.body as { records: StoredLink[] }).records.find(
      (r) => r.event.type === 'EXEMPT_FROM_CALL_IN',
    );
    expect(exemption).toMatchObject({
      actor: { kind: 'person', name: 'Cllr Jan Cole' },
      authority: { kind: 'office', officeTitle: 'Chair, Health Overview and Scrutiny Panel' },
      event: { agreedOn: MEETING, reason: REASON },
    });
    await expect(cases.verify(published.id)).resolves.toMatchObject({ ok: true });
  });

  it('refuses an exemption from anyone but the case’s urgency approver, and changes nothing', async () => {
    const c = await decided();
    const payload = { agreedOn: MEETING, reason: REASON };
    for (const who of ['cab1', 'officer', 'proper']) {
      const r = await refusedWith(c, who, 'EXEMPT_FROM_CALL_IN', payload, 403);
      expect(r.code).toBe('NOT_AUTHORISED');
      expect(r.detail).toContain('Scrutiny chair who may agree urgency');
    }
    const notice = await server()
      .get(`/api/cases/${c.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(notice.body).toMatchObject({ urgencyExemption: null });
  });

  it('refuses an exemption without a reason, with the rule’s code', async () => {
    const c = await decided();
    for (const payload of [{ agreedOn: MEETING }, { agreedOn: MEETING, reason: '   ' }]) {
      const r = await refusedWith(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', payload, 422);
      expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(r.messages).toEqual([
        'URGENCY_REASON_MISSING: an urgency exemption from call-in needs the reason recorded',
      ]);
    }
  });

  it('refuses an exemption asked for after the decision was published, and keeps the call-in period', async () => {
    let c = await decided();
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    clock.set('2025-09-05T09:00:00Z');
    c = await cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: PUBLISHED });
    expect(c.state.key).toBe('callInPeriod.running');
    const late = await refusedWith(
      c,
      'scrutinyChair',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(late.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_AGREED_AFTER_PUBLICATION: the decision was published on Fri 5 Sep 2025/,
      ),
    ]);
  });

  it('withholds the urgency’s reason of a Part 2 decision from its public register page, and keeps it on the officers’ notice', async () => {
    let c = await decided(
      {},
      {
        privateItem: {
          noticePublishedOn: '2025-07-01',
          reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
        },
      },
    );
    c = await cases.act(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: MEETING,
      reason: REASON,
    });
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    clock.set('2025-09-05T09:00:00Z');
    c = await cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: PUBLISHED });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const page = await server().get(`/register/${slug}/${c.id}`).expect(200);
    expect(page.text).toContain('exempt from call-in');
    expect(page.text).not.toContain('400 carers');
    const officerNotice = await server()
      .get(`/api/cases/${c.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(JSON.stringify(officerNotice.body)).toContain('400 carers');
  });
});
