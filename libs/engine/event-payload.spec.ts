import { initialTransition } from 'xstate';
import type { DomainError } from '../errors/domain.errors';
import { findTemplate } from '../workflows/template.registry';
import { eventSpecOf, parsedPayload } from './event-payload.check';

/*
 * An event's payload refused before the machine sees it: the step in the template's words, never
 * the event's type (the client sent the type; a meeting page quotes a linked case's refusal).
 */
describe('an event’s payload refused', () => {
  const template = findTemplate('bcf-delegated-sign-off', 1)!;
  const CODE_WORD = /\b[A-Z]+(?:_[A-Z]+)+\b/;

  function refusal(act: () => unknown): DomainError {
    try {
      act();
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('not refused');
  }

  it('says the step whose details are not valid in words, its problems by field', () => {
    const event = { type: 'RECORD_SUBMISSION', payload: { submittedOn: 'yesterday' } };
    const spec = eventSpecOf(template, event, undefined);
    const [snapshot] = initialTransition(template.machine, {
      dates: {
        submissionDeadline: '2021-11-16',
        expectedAssuranceDate: '2022-01-09',
        notingDeadline: '2021-12-16',
      },
    });

    const e = refusal(() =>
      parsedPayload(template, spec, event, {
        row: { councilSettings: null },
        directory: { roles: {}, caseOfficerId: 'o', offices: [], delegations: [], people: [] },
        snapshot,
        today: '2021-10-01',
        meetingBody: undefined,
      }),
    );

    expect(e.code).toBe('INVALID_INPUT');
    expect(e.detail).toBe(
      'The details sent for the step “Record the submission” are not valid: fix the fields listed in problems.',
    );
    expect(e.extra.problems).toEqual([expect.objectContaining({ path: 'submittedOn' })]);
  });

  it('says a step only a meeting records in words', () => {
    const e = refusal(() =>
      eventSpecOf(template, { type: 'AGREE', payload: { fromMeeting: true } }, undefined),
    );

    expect(e.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(e.detail).toBe(
      'The step “Agree the plan” is recorded from the meeting’s show of hands only: nothing was recorded.',
    );
    expect(e.detail).not.toMatch(CODE_WORD);
  });
});
