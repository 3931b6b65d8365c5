import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { pharmacyHarness } from '../libs/testing/pharmacy-harness.service';

/*
 * Version 2: the Integrated Care Board notifies the HWBB on Thu 1 August 2024 of a consolidation
 * application (ICBs took over pharmaceutical services on 1 April 2023); the representation to the
 * ICB is due 45 days later, Sun 15 September. Driven through the HTTP API, as the officer and the
 * Director of Public Health (API keys) would.
 */
const DATES = { notifiedOn: '2024-08-01', responseDeadline: '2024-09-15' };

/** Seed 002 item 7 para 8, with the ICB where the seed names the CCG. */
const FULL_LIST = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Hampshire and Isle of Wight ICB', category: 'icb' },
  { name: 'Public Health team, SCC', category: 'publicHealth' },
  { name: 'Planning Policy team, SCC', category: 'planningPolicy' },
  { name: 'Cllr Sam Ferris', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Alex Rowe', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Sam Okafor', category: 'hwbbMember', represents: 'icb' },
];

describe('pharmacy consolidation representation, version 2: the representation to the Integrated Care Board', () => {
  const t = pharmacyHarness('2024-08-02T09:00:00Z', DATES);
  const { clock, http, keyOf, sweep, roles, emails, people } = t;
  const open = (title: string, templateVersion?: number) =>
    http.open({
      template: 'pharmacy-consolidation-representation',
      ...(templateVersion ? { templateVersion } : {}),
      title,
      dates: DATES,
      roles: roles(),
    });
  const refused = async (seen: CaseView, who: string, type: string, payload: object) => {
    const res = await request(t.ready().app.getHttpServer())
      .post(`/api/cases/${seen.id}/events`)
      .set({ Authorization: `Bearer ${keyOf(who)}` })
      .send({ type, expectedVersion: seen.version, payload });
    return { status: res.status, body: res.body as { code: string; problems?: unknown[] } };
  };
  const eia = {
    recordedOn: '2024-08-05',
    documentName: 'EIA consolidation Portswood and Highfield.pdf',
    summary: 'Older and disabled residents of the estate would travel further',
  };

  it('circulates a contentious application to the list with the ICB (a CCG refused), and sends the representation to the ICB', async () => {
    clock.set('2024-08-02T09:00:00Z');
    const opened = await open('Consolidation of Portswood and Highfield pharmacies', 2);
    expect(opened.template).toEqual(
      expect.objectContaining({
        version: 2,
        title: 'Pharmacy consolidation application: the HWBB’s 45-day representation to the ICB',
      }),
    );
    expect(await emails(opened.id, 'icb-consolidation-notified')).toEqual(
      people('dph', 'chair', 'scrutinyChair'),
    );
    expect(await emails(opened.id, 'consolidation-notified')).toEqual([]);

    const triaged = await http.act(opened, 'officer', 'TRIAGE', {
      route: 'contentious',
      reasons: 'The DPH and the HWBB chair expect objections from the estate',
    });
    clock.set('2024-08-09T10:00:00Z');
    const assessed = await http.act(triaged, 'officer', 'RECORD_EIA', eia);

    // The CCGs were abolished in 2022: the list names the ICB, and an HWBB member for the ICB.
    const withCcg = FULL_LIST.map((r) =>
      r.category === 'icb' ? { name: 'NHS Southampton City CCG', category: 'ccg' } : r,
    );
    expect(
      await refused(assessed, 'dph', 'CIRCULATE', {
        circulatedOn: '2024-08-09',
        recipients: withCcg,
      }),
    ).toMatchObject({
      status: 422,
      body: {
        code: 'INVALID_INPUT',
        problems: [
          {
            path: 'recipients.2.category',
            message:
              'CCGs were abolished on 1 July 2022: the Integrated Care Board (icb) took over their duties',
          },
        ],
      },
    });
    const noIcbMember = FULL_LIST.filter((r) => r.represents !== 'icb');
    expect(
      await refused(assessed, 'dph', 'CIRCULATE', {
        circulatedOn: '2024-08-09',
        recipients: noIcbMember,
      }),
    ).toMatchObject({
      status: 422,
      body: {
        problems: [
          expect.objectContaining({
            message:
              'circulate to at least 2 other HWBB members, one representing the council and one the ICB',
          }),
        ],
      },
    });
    const circulated = await http.act(assessed, 'dph', 'CIRCULATE', {
      circulatedOn: '2024-08-09',
      recipients: FULL_LIST,
    });
    expect(circulated.state.summary).toBe(
      'Contentious: circulated on Friday 9 August 2024, feedback due by Friday 23 August 2024 (0 responses; EIA attached; response due Sunday 15 September 2024)',
    );

    clock.set('2024-08-20T10:00:00Z');
    const responded = await http.act(circulated, 'dph', 'RECORD_CONSULTATION_RESPONSE', {
      consultee: { name: 'NHS Hampshire and Isle of Wight ICB', category: 'icb' },
      respondedOn: '2024-08-20',
      response: 'Capacity at Portswood is sufficient',
      declaration: 'The ICB decides the application',
    });

    // The response's reminders are the ICB's (the feedback's, due 23 August, fire on the way).
    const reminder = responded.openDeadlines.find(
      (d) => d.key === 'response' && d.kind === 'reminder',
    )!;
    clock.set(reminder.dueAt);
    expect(await sweep()).toEqual({ fired: 3, stale: 0 });
    expect(await emails(opened.id, 'feedback-overdue')).toEqual(people('officer', 'dph'));
    expect(await emails(opened.id, 'icb-response-reminder')).toEqual(people('officer', 'dph'));

    clock.set('2024-09-04T10:00:00Z');
    const decided = await http.act(await http.read(opened.id), 'dph', 'RECORD_DECISION', {
      decidedOn: '2024-09-04',
      opinion: 'gap',
      representation: 'Removing the Highfield premises would create a gap for the estate.',
    });
    expect(decided.state.summary).toBe(
      'Decided by the Director of Public Health on Wednesday 4 September 2024: awaiting the response to the Integrated Care Board by Sunday 15 September 2024 (overdue: feedback within 14 days of circulation)',
    );
    expect(await emails(opened.id, 'icb-response-to-send')).toEqual(people('officer'));

    const closed = await http.act(decided, 'officer', 'RECORD_RESPONSE_SENT', {
      sentOn: '2024-09-04',
      reference: 'HIOW-ICB/PHARM/2024/031',
    });
    expect(closed.state).toEqual({
      key: 'closed',
      summary:
        'Closed: representation (a gap in pharmaceutical services) sent to the Integrated Care Board on Wednesday 4 September 2024 (HIOW-ICB/PHARM/2024/031)',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await emails(opened.id, 'icb-response-sent')).toEqual(
      people('dph', 'chair', 'scrutinyChair'),
    );
    expect(await http.verify(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });

  it('escalates the 45 days passing without a response to the ICB, while a case on version 1 still answers NHS England', async () => {
    clock.set('2024-08-02T09:00:00Z');
    const opened = await open('Consolidation of two Shirley pharmacies', 2);
    const onV1 = await open('Consolidation of two Bitterne pharmacies', 1);
    expect(onV1.template.version).toBe(1);
    expect(await emails(onV1.id, 'consolidation-notified')).toEqual(
      people('dph', 'chair', 'scrutinyChair'),
    );
    expect(await emails(onV1.id, 'icb-consolidation-notified')).toEqual([]);

    const triaged = await http.act(opened, 'officer', 'TRIAGE', {
      route: 'nonContentious',
      reasons: 'Both premises are on the same parade',
    });
    expect(await emails(opened.id, 'icb-consultation-required')).toEqual(people('dph'));

    // The 45th day ends with no response: both reminders, then the escalation.
    const passed = triaged.openDeadlines.find((d) => d.kind === 'deadline')!;
    clock.set(passed.dueAt);
    await sweep();
    expect(await emails(opened.id, 'icb-response-overdue')).toEqual(people('officer', 'dph'));
    const late = await http.read(opened.id);
    expect(late.overdue).toEqual(['response']);
    expect(late.state.summary).toBe(
      'Non-contentious: the Director of Public Health consults the HWBB chair and ward members (0 responses; EIA not yet attached; response due Sunday 15 September 2024) (overdue: the 45-day response to the Integrated Care Board)',
    );
  });
});
