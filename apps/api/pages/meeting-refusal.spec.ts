import { GovernanceRuleError, InvalidInputError } from '../../../libs/errors/domain.errors';
import { LinkedCaseRefusedError } from '../../../libs/meetings/linked-case-refusal.errors';
import { minutesBody, parse } from '../../../libs/meetings/meeting-input.schema';
import { minutesInput, scheduleInput } from './meeting-forms.service';
import { formErrors, meetingDateInput } from './meeting-page.service';
import { refusal } from './meeting-refusal.service';

/*
 * A meeting form the use case's schema refused, as the meeting page shows it (issue #12): in
 * people's words, not the API's ("fix the fields listed in problems", "previousMeetingId is an id
 * (UUID)"), each linked to its field.
 */

/** What the use case throws for the minutes approval posted from the page as `body`. */
function refusedMinutes(body: Record<string, string>): unknown {
  try {
    parse(minutesBody, minutesInput(body), 'minutes approval');
  } catch (e) {
    return e;
  }
  throw new Error('the minutes approval was not refused');
}

describe('a meeting form refused by the use case', () => {
  it('asks for the meeting whose minutes are approved when none is chosen, at its field', () => {
    const body = { previousMeetingId: '', amendments: 'Item 2: apologies added' };
    const e = refusedMinutes(body);
    expect(e).toBeInstanceOf(InvalidInputError);

    const { errorList, errorFor } = formErrors(refusal(e, 'minutes', null, body));

    // Each problem at its field says it all: no headline linked to the form's heading beside it.
    expect(errorList).toEqual([
      {
        text: 'Choose the meeting whose minutes are approved',
        href: '#minutes-previousMeetingId',
      },
    ]);
    expect(errorFor('minutes-previousMeetingId')).toEqual({
      text: 'Choose the meeting whose minutes are approved',
    });
  });

  it('keeps a choice’s own message when it says more than that none was chosen', () => {
    const e = new InvalidInputError('The agenda item is not valid: fix the fields listed.', [
      { path: 'caseId', message: 'the case is closed: choose an open one' },
    ]);

    const { errorList } = formErrors(refusal(e, 'item', null, {}));

    expect(errorList.map((l) => l.text)).toEqual(['The case is closed: choose an open one']);
  });

  it('says a rule’s refusal in one sentence: the rule by its name, what it means here, what to do', () => {
    const e = new GovernanceRuleError(
      'VOTE_WHEN_INQUORATE',
      'The meeting is not quorate for this item: no vote can be taken.',
      [
        'the meeting is not quorate for this item: no vote can be taken',
        'Joint Commissioning Board quorum: JCB terms of reference 8.1 (seed 002)',
        'council members present and counted: 0, at least 2 needed: not met',
      ],
    );

    const { errorList } = formErrors(refusal(e, 'hands', 'item-1', {}));

    expect(errorList).toEqual([
      {
        text:
          'The rule “A vote is taken only when the meeting is quorate” refuses this: the meeting is not quorate for this item: no vote can be taken. ' +
          'Joint Commissioning Board quorum: JCB terms of reference 8.1 (seed 002). ' +
          'Council members present and counted: 0, at least 2 needed: not met. ' +
          'Nothing was recorded: correct the attendance if someone present is missing from it; otherwise the item waits for a quorate meeting.',
        href: '#form-hands-item-1',
      },
    ]);
  });

  it('puts a date the rules refuse at its date input, in the refusal’s one sentence, said once', () => {
    const dated =
      'the agenda’s publication is dated Mon 7 Dec 2026, after today, Sat 5 Dec 2026 (London)';
    const e = new GovernanceRuleError(
      'RECORDED_DATE_IN_THE_FUTURE',
      `the agenda’s publication cannot be recorded: ${dated}. Nothing was recorded.`,
      [dated, 'the record holds what has happened: record it on or after the day it happens'],
      { problems: [{ path: 'agendaPublishedOn', message: dated }] },
    );

    const { errorList, errorFor } = formErrors(refusal(e, 'publication', null, {}));

    const said =
      'The rule “A recorded date is not after today” refuses this: the agenda’s publication is dated Mon 7 Dec 2026, after today, Sat 5 Dec 2026 (London). ' +
      'The record holds what has happened: record it on or after the day it happens. ' +
      'Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.';
    expect(errorList).toEqual([{ text: said, href: '#publication-agendaPublishedOn-day' }]);
    expect(errorFor('publication-agendaPublishedOn')).toEqual({ text: said });
  });

  it('links a date whose year alone is wrong to its year box, and marks only that box', () => {
    const body = {
      body: 'b',
      'meetingDate-day': '4',
      'meetingDate-month': 'September',
      'meetingDate-year': '25',
      title: 'JCB',
    };
    let e: unknown;
    try {
      scheduleInput(body);
    } catch (thrown) {
      e = thrown;
    }
    const error = refusal(e, 'schedule', null, body);

    expect(formErrors(error).errorList).toContainEqual({
      text: 'The date of the meeting must include a year with 4 numbers',
      href: '#schedule-meetingDate-year',
    });
    const input = meetingDateInput(error, 'schedule', null, 'meetingDate', 'Date of the meeting');
    expect(
      input.items.filter((i) => i.classes.includes('govuk-input--error')).map((i) => i.name),
    ).toEqual(['year']);
    expect(input.errorMessage).toEqual({
      text: 'The date of the meeting must include a year with 4 numbers',
    });
  });
});

describe('a linked case’s refusal of details it was sent, on the meeting page', () => {
  it('says in the page’s words that the details sent to the case are not valid, not the API’s', () => {
    const cause = new InvalidInputError(
      'The details sent for the step “Record the show of hands” are not valid: fix the fields listed in problems.',
      [{ path: 'hands', message: 'give at least one hand' }],
    );
    const e = new LinkedCaseRefusedError(
      {
        id: '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
        reference: 'SCC-2025-0007',
        templateId: 'jcb-delegated-decision',
        templateVersion: 8,
      },
      'RECORD_SHOW_OF_HANDS',
      cause,
      'linked to the item',
    );
    expect(e.detail).toMatch(/fix the fields listed in problems\.$/);

    const { message } = refusal(e, 'hands', 'item-1', {});

    expect(message).toMatch(
      /^The case SCC-2025-0007 linked to the item refused the step “[^”]+”, so nothing was recorded, neither on the meeting nor on the case: the details sent to the case are not valid\.$/,
    );
    expect(message).not.toContain('problems');
  });
});
