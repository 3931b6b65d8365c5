import { date, type KeyboardForm, posting, SUCCESS } from './keyboard-forms.factory';

/*
 * The meetings' forms for test/keyboard-forms-browser (after keyboard-forms.factory.ts's): a
 * meeting scheduled, an agenda item added, a declaration recorded, then on the Board's day (4 Sep
 * 2025) the attendance and a show of hands, and a case paused.
 */

export const KEYBOARD_MEETING_FORMS: KeyboardForm[] = [
  {
    form: 'schedule a meeting (a body chosen by name, a date, a title)',
    as: 'officer',
    page: () => '/meetings',
    refused: [
      ['schedule-title', 'Keyboard meeting'],
      ...date('schedule-meetingDate', '31', '2', '2025'),
    ],
    steps: () => [
      {
        form: posting('/meetings'),
        values: [
          ['schedule-body', { choose: 'Joint Commissioning Board' }],
          ...date('schedule-meetingDate', '2', '10', '2025'),
          ['schedule-title', 'Joint Commissioning Board, 2 October 2025'],
        ],
        then: {
          shows: 'Joint Commissioning Board, 2 October 2025',
          at: /\/meetings\/[0-9a-f-]{36}/,
        },
      },
    ],
  },
  {
    form: 'add an agenda item (radios, dates)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    refused: [
      ['item-title', 'Keyboard item'],
      ...date('item-reportPublishedOn', '31', '2', '2025'),
    ],
    steps: (w) => [
      {
        form: posting(`/meetings/${w.fuzz.meetings[0]}/agenda-items`),
        values: [
          ['item-title', 'Carers’ breaks, for noting'],
          ['item-keyDecision', { choose: 'no' }],
          ...date('item-reportPublishedOn', '20', '8', '2025'),
        ],
        then: { shows: /item/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'record a declaration (a person chosen by name, radios, text)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    refused: [[/^declaration-.*-details$/, 'Keyboard details']],
    steps: (w) => [
      {
        form: posting(
          `/meetings/${w.fuzz.meetings[0]}/agenda-items/${w.fuzz.items[0]}/declarations`,
        ),
        values: [
          [/^declaration-.*-personId$/, { choose: '' }],
          [/^declaration-.*-kind$/, { choose: 'other' }],
          [/^declaration-.*-details$/, 'A governor of a provider school'],
        ],
        then: { shows: /declar/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'record the attendance (radios and substitutes of each seat)',
    as: 'officer',
    on: '2025-09-04T09:00:00Z',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    steps: (w) => [
      {
        form: posting(`/meetings/${w.fuzz.meetings[0]}/attendance`),
        values: [[/^attendance-[0-9a-f-]{36}$/, { choose: 'present' }]],
        then: { shows: /attendance/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'record a show of hands (a radio for each voter, the chair’s choice, a box)',
    as: 'officer',
    on: '2025-09-04T09:05:00Z',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    steps: (w) => [
      {
        form: posting(
          `/meetings/${w.fuzz.meetings[0]}/agenda-items/${w.fuzz.items[1]}/show-of-hands`,
        ),
        values: [
          [/-consulted$/, { tick: true }],
          [/^hands-.*-[0-9a-f]{12}$/, { choose: 'for' }],
        ],
        then: { shows: /hands|vote/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'pause a case (a reason)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/pause`,
    refused: [['reason', ' ']],
    steps: (w) => [
      {
        form: posting(`/cases/${w.fuzz.cases[0]}/pause`),
        values: [['reason', 'Waiting for the Board’s revised figures']],
        then: { shows: /paused/i },
      },
    ],
  },
];
