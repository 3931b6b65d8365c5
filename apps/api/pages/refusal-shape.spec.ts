import type { Request, Response } from 'express';
import { GovernanceRuleError } from '../../../libs/errors/domain.errors';
import { ProblemFilter } from '../http/problem.filter';
import { refusalSentence } from '../http/refusal.presenter';
import { DirectoryPages } from './directory/directory-pages.service';
import { addRefusal as addCaseRefusal, type EventForm } from './event-form.service';
import { FormErrors } from './forms/form-errors.service';
import { addRefusal as addDirectoryRefusal } from './forms/refusal-errors.service';
import { formErrors, meetingDateInput } from './meeting-page.service';
import { refusal as meetingRefusal } from './meeting-refusal.service';
import type { PageRenderer } from './page-renderer.service';

/*
 * One rule refused from different pages reads the same words: in the error summary and at the
 * field, on the case page, the directory's forms and the meeting page alike (the developers'
 * brief: every refusal names its rule and explains itself in the same shape everywhere).
 */

/** A rule that judged a date field, as the engine and the directory's use cases refuse it. */
function refusedDate(path: string): GovernanceRuleError {
  return new GovernanceRuleError(
    'RECORDED_DATE_IN_THE_FUTURE',
    `This cannot be recorded: the date is after today. Nothing was recorded.`,
    [
      'the date is 2026-12-07, after today, 2026-12-06 (London)',
      'the record holds what has happened: record it on or after the day it happens',
    ],
    { problems: [{ path, message: 'the date is 2026-12-07, after today' }] },
  );
}

/** The case page's form of one event with one date field. */
const caseForm: EventForm = {
  type: 'submit',
  action: 'Submit',
  done: 'Submitted',
  description: 'Submit the plan',
  complex: false,
  fields: [
    {
      name: 'submittedOn',
      id: 'submittedOn',
      label: 'Date submitted',
      words: 'the date the plan was submitted',
      kind: 'date',
      options: [],
      optional: false,
    } as EventForm['fields'][number],
  ],
};

describe('a refusal of the same rule on different pages', () => {
  const words = refusalSentence(refusedDate('submittedOn'));

  it('reads the same on the case page and on a directory form, at the field it judged', () => {
    const onCase = new FormErrors();
    addCaseRefusal(caseForm, refusedDate('submittedOn'), onCase);
    const onDirectory = new FormErrors();
    addDirectoryRefusal(
      onDirectory,
      refusedDate('validFrom'),
      {},
      {
        subject: 'seat',
        rules: { RECORDED_DATE_IN_THE_FUTURE: 'validFrom-day' },
      },
    );

    expect(onCase.items).toEqual([{ text: words, href: '#submittedOn' }]);
    expect(onDirectory.items).toEqual([{ text: words, href: '#validFrom-day' }]);
    expect(onCase.for('submittedOn')).toEqual({ text: words });
    expect(words).toMatch(/^The rule “A recorded date is not after today” refuses this: /);
    expect(words).toContain('Monday 7 December 2026');
  });

  it('reads the same on the directory’s record forms (people, offices, organisations)', () => {
    const dir = new DirectoryPages({} as PageRenderer);

    const { errors, status } = dir.errorsOf(
      refusedDate('from'),
      {},
      {
        conflict: '',
        ruleField: 'from-day',
      },
    );

    expect(status).toBe(422);
    expect(errors.items).toEqual([{ text: words, href: '#from-day' }]);
  });

  it('reads the same on the meeting page, in the summary and at the date input it judged', () => {
    const refused = meetingRefusal(refusedDate('agendaPublishedOn'), 'publication', null, {});

    const { errorList } = formErrors(refused);
    const input = meetingDateInput(refused, 'publication', null, 'agendaPublishedOn', 'Published');

    expect(errorList).toEqual([{ text: words, href: '#publication-agendaPublishedOn-day' }]);
    expect(input.errorMessage).toEqual({ text: words });
  });

  it('reads the same in the API’s problem+json `detail`, beside the stable code and the rule’s name', () => {
    let sent: Record<string, unknown> = {};
    const res = {
      status: () => res,
      type: () => res,
      json: (body: Record<string, unknown>) => (sent = body),
    } as unknown as Response;
    const req = { originalUrl: '/api/cases/1/events', accepts: () => 'application/json' };

    new ProblemFilter().send(req as unknown as Request, res, refusedDate('submittedOn'));

    expect(sent).toMatchObject({
      type: 'https://ratify.example.org/problems/governance_rule_broken',
      status: 422,
      code: 'GOVERNANCE_RULE_BROKEN',
      title: 'A governance rule forbids this',
      rule: 'RECORDED_DATE_IN_THE_FUTURE',
      ruleName: 'A recorded date is not after today',
      explanation: refusedDate('submittedOn').extra.explanation,
      problems: [{ path: 'submittedOn', message: 'the date is 2026-12-07, after today' }],
      detail: words,
    });
  });
});
