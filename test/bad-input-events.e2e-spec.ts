import fc from 'fast-check';
import { badInputHarness, type Problem, type Who } from '../libs/testing/bad-input-harness.service';

describe('bad input through the HTTP API', () => {
  const { rowCounts, refused, caseAwaitingAgreement } = badInputHarness();

  describe('sending an event', () => {
    it('refuses an event the case does not accept in its state with EVENT_NOT_ALLOWED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('officer', {
          type: 'RECORD_SUBMISSION',
          expectedVersion: 2,
          payload: { submittedOn: '2021-10-01' },
        }),
        409,
        'EVENT_NOT_ALLOWED',
      );
      expect(p.state).toBe(
        'Awaiting agreement from the Chief Executive and the Accountable Officer',
      );
      // The step in the template's words, never its type (once "RECORD_SUBMISSION is not allowed
      // while …"); the type stays beside it for the client.
      expect(p.detail).toBe(
        'The case does not take the step “Record the submission” while it is “Awaiting agreement from the Chief Executive and the Accountable Officer”: read the case to see what it is waiting for.',
      );
      expect(p.event).toBe('RECORD_SUBMISSION');
      // The chair holds the delegation, but approval comes after both agreements.
      await refused(
        sendAs('chair', { type: 'APPROVE', expectedVersion: 2 }),
        409,
        'EVENT_NOT_ALLOWED',
      );
      await refused(
        sendAs('officer', { type: 'SEEK_AGREEMENT', expectedVersion: 2 }),
        409,
        'EVENT_NOT_ALLOWED',
      );
    });

    it('refuses an actor without the office or delegation with NOT_AUTHORISED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('gp', { type: 'AGREE', expectedVersion: 2 }),
        403,
        'NOT_AUTHORISED',
      );
      expect(p.detail).toBe(
        'The step “Agree the plan” on this case needs the Chief Executive of the local authority or Accountable Officer of the CCG; you hold no office or delegation in force for it.',
      );
      await refused(sendAs('ceo', { type: 'APPROVE', expectedVersion: 2 }), 403, 'NOT_AUTHORISED');
      await refused(
        sendAs('ao', {
          type: 'RECORD_NOTING',
          expectedVersion: 2,
          payload: { meetingDate: '2021-10-01', minuteReference: 'HWBB item 1' },
        }),
        403,
        'NOT_AUTHORISED',
      );
    });

    it('refuses system-only events sent by a person with NOT_AUTHORISED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      await refused(
        sendAs('officer', {
          type: 'DEADLINE_PASSED',
          expectedVersion: 2,
          payload: { key: 'submission' },
        }),
        403,
        'NOT_AUTHORISED',
      );
      await refused(
        sendAs('officer', {
          type: 'DEADLINE_PASSED',
          expectedVersion: 2,
          as: 'system',
          payload: { key: 'submission' },
        }),
        403,
        'NOT_AUTHORISED',
      );
      await refused(
        sendAs('ceo', {
          type: 'REMINDER_DUE',
          expectedVersion: 2,
          payload: { key: 'submission', workingDaysLeft: 2 },
        }),
        403,
        'NOT_AUTHORISED',
      );
    });

    it('refuses a stale version with VERSION_CONFLICT and the current version', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      for (const expectedVersion of [1, 3, 99]) {
        const p = await refused(
          sendAs('ceo', { type: 'AGREE', expectedVersion }),
          409,
          'VERSION_CONFLICT',
        );
        expect(p.currentVersion).toBe(2);
      }
    });

    it('refuses an unknown event type with UNKNOWN_EVENT listing the events there are', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('officer', { type: 'FROBNICATE', expectedVersion: 2 }),
        422,
        'UNKNOWN_EVENT',
      );
      expect(p.detail).toContain('SEEK_AGREEMENT');
      await refused(
        sendAs('officer', { type: 'toString', expectedVersion: 2 }),
        422,
        'UNKNOWN_EVENT',
      );
    });

    it.each([
      ['an empty comment', { type: 'AGREE', payload: { comments: '   ' } }, ['comments']],
      ['an unknown payload field', { type: 'AGREE', payload: { mood: 'happy' } }, ['(body)']],
      [
        'a submission date that is not a date',
        { type: 'RECORD_SUBMISSION', payload: { submittedOn: 'yesterday' } },
        ['submittedOn'],
      ],
      [
        'a not-approved outcome without resubmitBy',
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'notApproved', receivedOn: '2021-10-01' } },
        ['resubmitBy'],
      ],
      [
        'an unknown assurance outcome',
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'maybe', receivedOn: '2021-10-01' } },
        ['outcome'],
      ],
      [
        'a missing expectedVersion',
        { type: 'AGREE', expectedVersion: undefined },
        ['expectedVersion'],
      ],
      ['a version given as text', { type: 'AGREE', expectedVersion: '2' }, ['expectedVersion']],
      ['a missing type', { type: undefined }, ['type']],
      ['an unknown field beside the event', { type: 'AGREE', urgent: true }, ['(body)']],
      ['a payload that is a list', { type: 'AGREE', payload: ['yes'] }, ['payload']],
    ])('refuses %s with INVALID_INPUT naming the field', async (_what, change, expected) => {
      const { sendAs } = await caseAwaitingAgreement();
      const body = JSON.parse(JSON.stringify({ expectedVersion: 2, ...change })) as object;
      const p = await refused(sendAs('officer', body), 422, 'INVALID_INPUT');
      expect((p.problems ?? []).map((x) => x.path)).toEqual(expected);
    });

    it('refuses acting "as" a role the event does not have', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      await refused(
        sendAs('ceo', { type: 'AGREE', expectedVersion: 2, as: 'delegatedApprover' }),
        422,
        'INVALID_INPUT',
      );
    });

    it('never answers a random event with a server error, and never changes a case on a refusal', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const types = fc.oneof(
        fc.constantFrom(
          'SEEK_AGREEMENT',
          'AGREE',
          'REJECT',
          'APPROVE',
          'RECORD_SUBMISSION',
          'RECORD_ASSURANCE',
          'MARK_CONDITION_MET',
          'RECORD_NOTING',
          'DECLARE_INTEREST',
          'REASSIGN_ROLE',
          'DEADLINE_PASSED',
          'REMINDER_DUE',
        ),
        fc.string(),
      );
      const body = fc.record(
        {
          type: types,
          expectedVersion: fc.oneof(fc.constant(2), fc.integer(), fc.jsonValue()),
          as: fc.oneof(fc.constantFrom('officer', 'system', 'chiefExecutive'), fc.string()),
          payload: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom<Who>('officer', 'gp', 'chair'), async (b, who) => {
          const before = await rowCounts();
          const res = await sendAs(who, b)();
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect((res.body as Problem).code).toMatch(/^[A-Z_]+$/);
          expect(await rowCounts()).toEqual(before);
        }),
        { numRuns: 80 },
      );
    });
  });
});
