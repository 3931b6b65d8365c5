import type { CaseView } from '../libs/engine/case-view.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';
import { currentVersion } from '../libs/workflows/template.registry';

/**
 * The demo's BCF plan (BCF delegated sign-off version 2, issue #15), walked on the demo's own
 * data as `npm start` seeds it: the council's Chief Executive agrees and the HWBB's chair approves
 * under delegation with their API keys, the officer records its submission; the regional team asks
 * for more information (the assurance deadline paused, the response reminded and, late, escalated),
 * the information is given (the expected assurance date moved by the days the request was open);
 * assurance comes with a condition owned by the Chief Executive with a due date, reminded, escalated
 * when late, and met.
 */
describe('the demo’s BCF plan: the regional team’s information request and an owned condition', () => {
  const demo = demoWorldHarness();
  const { api, clock, read } = demo;
  const officer = demo.as('officer');
  const KEY = { officer: 'officer', ceo: 'chiefExecutive', chair: 'chair' } as const;
  const send = (
    c: CaseView,
    who: keyof typeof KEY,
    type: string,
    payload: Record<string, unknown> = {},
  ) => demo.send(c, type, payload, KEY[who]);
  const keysOf = (c: CaseView, kind: string) =>
    c.openDeadlines.filter((d) => d.kind === kind).map((d) => d.key);
  /** Emails of the case's message to whom, in order made. */
  const emails = (caseId: string, message: string) =>
    demo.db().ds.query<{ name: string }[]>(
      `SELECT payload->'to'->>'name' AS name FROM effects WHERE case_id = $1 AND kind = 'email'
          AND payload->>'message' = $2 ORDER BY 1`,
      [caseId, message],
    );

  it('pauses the assurance deadline while the regional team’s request is open, then moves it; reminds and escalates the owned condition', async () => {
    const today = londonDate(clock.now());
    const list = await api().get('/api/cases').set(officer).expect(200);
    let c = (list.body.items as CaseView[]).find(
      (x) => x.template.id === 'bcf-delegated-sign-off',
    )!;
    // The demo's case opened as new cases open: on the current version, read from the registry.
    expect(c.template.version).toBe(currentVersion('bcf-delegated-sign-off'));
    const expected = c.dates.expectedAssuranceDate;
    c = await send(c, 'ceo', 'AGREE');
    c = await send(c, 'chair', 'APPROVE', { comments: 'Approved under delegation.' });
    c = await send(c, 'officer', 'RECORD_SUBMISSION', { submittedOn: today });
    expect(keysOf(c, 'deadline')).toContain('assurance');

    // A week later the regional team asks for more: the assurance deadline waits.
    const askedOn = addDays(today, 7);
    clock.set(`${askedOn}T10:00:00Z`);
    c = await send(c, 'officer', 'REQUEST_INFORMATION', {
      requestedOn: askedOn,
      details: 'The discharge trajectory by month, and the capacity and demand plan',
      respondBy: addDays(askedOn, 7),
    });
    expect(c.state.summary).toMatch(
      /^Submitted: the regional team asked for more information, the assurance deadline paused until it is given/,
    );
    expect(keysOf(c, 'deadline')).not.toContain('assurance');
    expect(keysOf(c, 'deadline')).toContain('information');

    // Not given by the day it was due: overdue, escalated.
    clock.set(`${addDays(askedOn, 8)}T10:00:00Z`);
    await demo.app().get(DeadlineSweepService).sweep();
    c = await read(c.id);
    expect(c.overdue).toContain('information');

    // Given ten days after it was asked: the expected assurance date moves by ten days.
    const givenOn = addDays(askedOn, 10);
    clock.set(`${givenOn}T10:00:00Z`);
    c = await send(c, 'officer', 'PROVIDE_INFORMATION', {
      givenOn,
      response: 'Trajectory and plan sent by email',
    });
    expect(c.overdue).not.toContain('information');
    expect(c.dates.expectedAssuranceDate).toBe(addDays(expected, 10));
    expect(keysOf(c, 'deadline')).toContain('assurance');

    c = await send(c, 'officer', 'RECORD_NOTING', {
      meetingDate: givenOn,
      minuteReference: 'HWBB, item 6',
    });
    const due = addDays(givenOn, 28);
    c = await send(c, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: givenOn,
      conditions: ['Confirm the discharge fund split'],
      conditionsOwner: 'chiefExecutive',
      conditionsDueBy: due,
    });
    expect(c.conditions).toEqual([
      expect.objectContaining({ owner: 'chiefExecutive', dueBy: due, overdue: false }),
    ]);

    // Reminded before it is due: its owner, the council's Chief Executive, is emailed.
    const [reminder] = c.openDeadlines.filter((d) => d.kind === 'reminder');
    expect(await emails(c.id, 'condition-reminder')).toEqual([]);
    clock.set(reminder.dueAt);
    await demo.app().get(DeadlineSweepService).sweep();
    expect(await emails(c.id, 'condition-reminder')).toEqual([{ name: 'Morgan Hale' }]);

    // The day after it was due, still not met: overdue, escalated to its owner, the officer and
    // the HWBB chair.
    clock.set(`${addDays(due, 1)}T10:00:00Z`);
    await demo.app().get(DeadlineSweepService).sweep();
    c = await read(c.id);
    expect(c.conditions).toEqual([expect.objectContaining({ overdue: true })]);
    expect(await emails(c.id, 'condition-overdue')).toEqual([
      { name: 'Cllr Alex Rowe' },
      { name: 'Dana Whitlock' },
      { name: 'Morgan Hale' },
    ]);
    c = await send(c, 'officer', 'MARK_CONDITION_MET', {
      conditionId: (c.conditions[0] as { id: string }).id,
      metOn: londonDate(clock.now()),
    });
    expect(c.state.closed).toBe(true);
  });
});
