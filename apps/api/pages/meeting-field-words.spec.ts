import {
  agendaItemBody,
  declarationBody,
  minutesBody,
  noticeRoutesBody,
  parse,
  scheduleBody,
} from '../../../libs/meetings/meeting-input.schema';
import {
  agendaItemInput,
  declarationInput,
  minutesInput,
  noticeRoutesInput,
  scheduleInput,
  type MeetingFormName,
} from './meeting-forms.service';
import { formErrors } from './meeting-page.service';
import { refusal } from './meeting-refusal.service';

/*
 * A meeting form's text field left out or too long, as the page says it: what to enter in
 * people's words (GOV.UK's error messages), never the API schema's "give title" turned into
 * "Enter title", nor a field's key ("Enter part2Reasons").
 */
const BODY = '5b0a3c52-3a4e-4d55-9a57-1a0c1f2b6c01';
const PERSON = '0f4c1e7d-2c3b-4a5e-8f6d-7a8b9c0d1e2f';

function summary(
  form: MeetingFormName,
  body: Record<string, string>,
  check: () => unknown,
): string[] {
  try {
    check();
  } catch (e) {
    return formErrors(refusal(e, form, form === 'schedule' ? null : 'item-1', body)).errorList.map(
      (l) => l.text,
    );
  }
  throw new Error(`the ${form} form was not refused`);
}

describe('a meeting form’s text fields in people’s words', () => {
  it('asks for a title for the meeting, not "Enter title"', () => {
    const body = {
      body: BODY,
      'meetingDate-day': '4',
      'meetingDate-month': '9',
      'meetingDate-year': '2025',
      title: '',
    };
    const said = summary('schedule', body, () =>
      parse(scheduleBody, scheduleInput(body), 'meeting'),
    );
    expect(said).toEqual(['Enter a title for the meeting']);
    const long = { ...body, title: 'x'.repeat(201) };
    expect(
      summary('schedule', long, () => parse(scheduleBody, scheduleInput(long), 'meeting')),
    ).toEqual(['The title of the meeting must be 200 characters or fewer']);
  });

  it('asks for an agenda item’s title, and says its reasons for privacy are too long by their name', () => {
    const body = { title: '', keyDecision: 'no', part2Reasons: 'x'.repeat(2001) };
    expect(
      summary('item', body, () => parse(agendaItemBody, agendaItemInput(body), 'agenda item')),
    ).toEqual([
      'Enter a title for the agenda item',
      'The reasons for taking the item in private must be 2000 characters or fewer',
    ]);
  });

  it('asks for the nature of a declared interest', () => {
    const body = { personId: PERSON, kind: 'other', details: '' };
    expect(
      summary('declaration', body, () =>
        parse(declarationBody, declarationInput(body), 'declaration'),
      ),
    ).toEqual(['Enter the nature of the interest']);
  });

  it('names who agreed to urgency, and an amendment too long, in words', () => {
    const body = {
      'specialUrgency.agreedBy': 'scrutinyChair',
      'specialUrgency.name': '',
      'specialUrgency.agreedOn-day': '1',
      'specialUrgency.agreedOn-month': '9',
      'specialUrgency.agreedOn-year': '2025',
    };
    expect(
      summary('routes', body, () => parse(noticeRoutesBody, noticeRoutesInput(body), 'routes')),
    ).toEqual(['Enter the name of who agreed to special urgency']);
    const minutes = { previousMeetingId: BODY, amendments: `Item 2\n${'x'.repeat(2001)}` };
    expect(
      summary('minutes', minutes, () => parse(minutesBody, minutesInput(minutes), 'minutes')),
    ).toContain('Amendment 2 must be 2000 characters or fewer');
  });

  it('links an amendment’s problem to the amendments box and marks it, by the amendment’s number', () => {
    const refused = (body: Record<string, string>) => {
      try {
        parse(minutesBody, minutesInput(body), 'minutes');
      } catch (e) {
        return formErrors(refusal(e, 'minutes', null, body));
      }
      throw new Error('the minutes form was not refused');
    };
    const long = 'x'.repeat(2001);
    const two = refused({
      previousMeetingId: BODY,
      amendments: `Item 2\n${long}\n\nItem 4\n${long}`,
    });
    // The blank line is no amendment: the fifth line typed is the fourth amendment.
    expect(two.errorList).toEqual([
      { text: 'Amendment 2 must be 2000 characters or fewer', href: '#minutes-amendments' },
      { text: 'Amendment 4 must be 2000 characters or fewer', href: '#minutes-amendments' },
    ]);
    expect(two.errorFor('minutes-amendments')).toEqual({
      text: 'Amendment 2 must be 2000 characters or fewer',
    });
    const many = Array.from({ length: 101 }, (_, i) => `Item ${i + 1}`).join('\n');
    const tooMany = refused({ previousMeetingId: BODY, amendments: many });
    expect(tooMany.errorList).toEqual([
      { text: 'Enter 100 amendments or fewer', href: '#minutes-amendments' },
    ]);
    expect(tooMany.errorFor('minutes-amendments')).toEqual({
      text: 'Enter 100 amendments or fewer',
    });
  });
});
