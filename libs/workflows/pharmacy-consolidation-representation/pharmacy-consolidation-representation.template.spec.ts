import { pharmacyConsolidationRepresentationV1 as template } from './pharmacy-consolidation-representation.template';

/** The template's own rules: the case's dates, the circulation list, declarations, who sends what. */

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : (r.error?.issues.map((i) => i.message) ?? []);

const LIST = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Southampton City CCG', category: 'ccg' },
  { name: 'Public Health team', category: 'publicHealth' },
  { name: 'Planning Policy team', category: 'planningPolicy' },
  { name: 'Cllr Sam Ferris', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Alex Rowe', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Sam Okafor', category: 'hwbbMember', represents: 'ccg' },
];
const circulate = (recipients: unknown[]) =>
  template.events.CIRCULATE.payload.safeParse({ circulatedOn: '2017-08-10', recipients });

describe('pharmacy consolidation template: the case’s dates', () => {
  const dates = template.dates('2017-08-02');

  it('accepts a response deadline exactly 45 calendar days after notification', () => {
    expect(dates.safeParse({ notifiedOn: '2017-08-01', responseDeadline: '2017-09-15' })).toEqual(
      expect.objectContaining({ success: true }),
    );
  });

  it.each([
    ['2017-09-14', 'the response is due 45 calendar days after notification: 2017-09-15'],
    ['2017-09-30', 'the response is due 45 calendar days after notification: 2017-09-15'],
  ])('refuses a response deadline of %s', (responseDeadline, message) => {
    expect(messages(dates.safeParse({ notifiedOn: '2017-08-01', responseDeadline }))).toEqual([
      message,
    ]);
  });

  it('refuses a notification in the future and a deadline already passed', () => {
    expect(
      messages(dates.safeParse({ notifiedOn: '2017-08-03', responseDeadline: '2017-09-17' })),
    ).toEqual(['the notification must not be in the future']);
    expect(
      messages(dates.safeParse({ notifiedOn: '2017-06-01', responseDeadline: '2017-07-16' })),
    ).toEqual(['the response deadline has passed: the HWBB can no longer respond in time']);
  });
});

describe('pharmacy consolidation template: the circulation list', () => {
  it('accepts the full named list', () => {
    expect(circulate(LIST).success).toBe(true);
  });

  it.each([
    ['cabinetMember', 'the Cabinet Member for Health and Sustainable Living'],
    ['wardMember', 'a relevant ward member'],
    ['ccg', 'NHS Southampton City Clinical Commissioning Group'],
    ['publicHealth', 'the Public Health team'],
    ['planningPolicy', 'the Planning Policy team'],
    ['scrutinyChair', 'the Chair of the Health Overview and Scrutiny Panel'],
    ['healthwatch', 'Healthwatch'],
  ])('refuses a list without %s', (category, words) => {
    expect(messages(circulate(LIST.filter((r) => r.category !== category)))).toEqual([
      `the circulation list is missing ${words}`,
    ]);
  });

  it.each([
    ['only one other HWBB member', LIST.filter((r) => r.represents !== 'ccg')],
    [
      'two council HWBB members and no CCG one',
      LIST.map((r) => (r.represents === 'ccg' ? { ...r, represents: 'council' } : r)),
    ],
  ])('refuses %s', (_, list) => {
    expect(messages(circulate(list))).toEqual([
      'circulate to at least 2 other HWBB members, one representing the council and one the CCG',
    ]);
  });

  it('asks whom an HWBB member represents', () => {
    expect(messages(circulate([...LIST, { name: 'Rob Kurn', category: 'hwbbMember' }]))).toEqual([
      'say whether an HWBB member represents the council or the CCG',
    ]);
  });
});

describe('pharmacy consolidation template: declarations and authority', () => {
  it('refuses a consultation response without a declaration of interests, and accepts "none"', () => {
    const response = {
      consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
      respondedOn: '2017-08-21',
      response: 'No objection',
    };
    const payload = template.events.RECORD_CONSULTATION_RESPONSE.payload;
    expect(payload.safeParse(response).success).toBe(false);
    expect(payload.safeParse({ ...response, declaration: ' ' }).success).toBe(false);
    expect(payload.safeParse({ ...response, declaration: 'none' }).success).toBe(true);
  });

  it('refuses a meeting attendee without a declaration of interests', () => {
    const payload = template.events.RECORD_MEETING.payload;
    const meeting = { meetingDate: '2017-08-31', outcome: 'Agreed' };
    expect(
      payload.safeParse({ ...meeting, attendees: [{ name: 'A', category: 'ccg' }] }).success,
    ).toBe(false);
    expect(
      payload.safeParse({
        ...meeting,
        attendees: [{ name: 'A', category: 'ccg', declaration: 'none' }],
      }).success,
    ).toBe(true);
  });

  it('lets only the DPH circulate, call the meeting and decide, and only the officer triage and send', () => {
    const by = Object.fromEntries(
      Object.entries(template.events).map(([type, e]) => [type, e.sendableBy]),
    );
    expect(by).toEqual({
      TRIAGE: ['officer'],
      RECORD_CONSULTATION_RESPONSE: ['officer', 'dph'],
      CIRCULATE: ['dph'],
      CALL_MEETING: ['dph'],
      RECORD_MEETING: ['officer', 'dph'],
      RECORD_EIA: ['officer', 'dph'],
      RECORD_DECISION: ['dph'],
      RECORD_RESPONSE_SENT: ['officer'],
      DEADLINE_PASSED: ['system'],
      REMINDER_DUE: ['system'],
    });
    expect(template.roles.dph.binding).toBe('office');
  });
});
