import { InvalidInputError } from '../../../../libs/errors/domain.errors';
import {
  dateErrorBox,
  dateInputItems,
  datePartsInError,
  readDateField,
  typedDateOf,
} from './date-field.service';
import { FormErrors } from './form-errors.service';

const read = (day: string, month: string, year: string) =>
  readDateField({ 'd-day': day, 'd-month': month, 'd-year': year }, 'd', 'the date of the meeting');

describe('the GOV.UK date input', () => {
  it('reads a real date typed as people type it', () => {
    expect(read('7', '3', '2027').iso).toBe('2027-03-07');
    expect(read(' 17 ', '12', '2026').iso).toBe('2026-12-17');
    expect(read('1', 'March', '2027').iso).toBe('2027-03-01');
    expect(read('29', 'feb', '2028').iso).toBe('2028-02-29');
  });

  it('reads a whole date typed into the day box, as people often type one', () => {
    expect(read('17/12/2026', '', '').iso).toBe('2026-12-17');
    expect(read('17 12 2026', '', '').iso).toBe('2026-12-17');
    expect(read('7-Mar-2027', '', '').iso).toBe('2027-03-07');
    expect(read('31/02/2027', '', '').error).toBe('The date of the meeting must be a real date');
  });

  it('is blank, not wrong, when nothing is typed', () => {
    const r = read('', '', '');
    expect(r.blank).toBe(true);
    expect(r.error).toBeUndefined();
  });

  it('names what is missing and keeps what was typed', () => {
    const r = read('7', '', '');
    expect(r.error).toBe('The date of the meeting must include a month and a year');
    expect(r.typed).toEqual({ day: '7', month: '', year: '' });
  });

  it('refuses dates that do not exist', () => {
    expect(read('29', '2', '2027').error).toBe('The date of the meeting must be a real date');
    expect(read('31', '4', '2027').error).toBe('The date of the meeting must be a real date');
    expect(read('1', '13', '2027').error).toBe('The date of the meeting must be a real date');
    expect(read('x', '1', '2027').error).toBe('The date of the meeting must be a real date');
    expect(read('1', '1', '27').error).toBe(
      'The date of the meeting must include a year with 4 numbers',
    );
  });

  it('fills a form from a stored date and marks every part in error', () => {
    expect(typedDateOf('2026-04-01')).toEqual({ day: '1', month: '4', year: '2026' });
    expect(typedDateOf(null)).toEqual({ day: '', month: '', year: '' });
    const items = dateInputItems('d', typedDateOf('2026-04-01'), true);
    expect(items.map((i) => [i.name, i.value])).toEqual([
      ['d-day', '1'],
      ['d-month', '4'],
      ['d-year', '2026'],
    ]);
    expect(items.every((i) => i.classes.includes('govuk-input--error'))).toBe(true);
  });
});

describe('the boxes of a date in error (GOV.UK: link to the first wrong box, mark only the wrong ones)', () => {
  const marked = (items: ReturnType<typeof dateInputItems>) =>
    items.filter((i) => i.classes.includes('govuk-input--error')).map((i) => i.id);

  it('links an error of the year alone to the year box and marks only it', () => {
    for (const year of ['25', '20255', 'twenty']) {
      const r = read('7', '3', year);
      expect(r.error).toBe('The date of the meeting must include a year with 4 numbers');
      expect(dateErrorBox('d', r)).toBe('d-year');
      expect(marked(dateInputItems('d', r.typed, true))).toEqual(['d-year']);
    }
    expect(dateErrorBox('d', read('7', '3', ''))).toBe('d-year');
  });

  it('links to the first box that is wrong, in the page’s order', () => {
    expect(dateErrorBox('d', read('7', '', ''))).toBe('d-month');
    expect(datePartsInError({ day: '7', month: '', year: '' })).toEqual(['month', 'year']);
    expect(dateErrorBox('d', read('7', '13', '2027'))).toBe('d-month');
    expect(dateErrorBox('d', read('x', '13', '2027'))).toBe('d-day');
    expect(datePartsInError({ day: 'x', month: '13', year: '2027' })).toEqual(['day', 'month']);
    expect(dateErrorBox('d', read('', '3', '2027'))).toBe('d-day');
  });

  it('marks every box, linking to the day, when the date as a whole is wrong or refused', () => {
    const impossible = read('31', '4', '2027');
    expect(dateErrorBox('d', impossible)).toBe('d-day');
    expect(marked(dateInputItems('d', impossible.typed, true))).toEqual([
      'd-day',
      'd-month',
      'd-year',
    ]);
    // A real date a rule refuses, and a required date left blank.
    expect(marked(dateInputItems('d', typedDateOf('2027-03-07'), true))).toHaveLength(3);
    expect(marked(dateInputItems('d', typedDateOf(null), true))).toHaveLength(3);
    expect(dateErrorBox('d', read('', '', ''))).toBe('d-day');
    expect(marked(dateInputItems('d', read('7', '3', '25').typed, false))).toEqual([]);
  });

  it('reads a whole date typed in the day box before judging its boxes', () => {
    expect(datePartsInError({ day: '7/3/2027', month: '', year: '' })).toEqual([]);
    expect(datePartsInError({ day: '7/13/2027', month: '', year: '' })).toEqual(['month']);
  });

  it('keeps a date’s message at its date input while the summary links to the wrong box', () => {
    const errors = new FormErrors().date('d', read('7', '3', '25'));
    expect(errors.items).toEqual([
      { text: 'The date of the meeting must include a year with 4 numbers', href: '#d-year' },
    ]);
    expect(errors.for('d-day')).toEqual({
      text: 'The date of the meeting must include a year with 4 numbers',
    });
    expect(errors.byField()['d-day']).toBeDefined();
  });
});

describe('a form’s errors', () => {
  it('links each problem a use case found to its field in people’s words, once per field', () => {
    const errors = new FormErrors();
    const handled = errors.fromUseCase(
      new InvalidInputError('bad', [
        { path: 'email', message: 'Invalid email address' },
        { path: 'email', message: 'Too long' },
        { path: 'holders.0.from', message: 'Invalid date' },
        { path: 'mystery', message: 'something odd' },
      ]),
      {
        email: { id: 'email', message: () => 'Enter an email address like name@example.org' },
        'holders.*.from': { id: 'from-day' },
      },
    );
    expect(handled).toBe(true);
    expect(errors.items).toEqual([
      { text: 'Enter an email address like name@example.org', href: '#email' },
      { text: 'Invalid date', href: '#from-day' },
      { text: 'Something odd', href: '#main-content' },
    ]);
    expect(errors.for('email')).toEqual({ text: 'Enter an email address like name@example.org' });
    expect(errors.byField()['from-day']).toEqual({ text: 'Invalid date' });
  });

  it('adds a use case’s problems in the order of the page’s fields when asked to', () => {
    const refused = new InvalidInputError('bad', [
      { path: 'mystery', message: 'something odd' },
      { path: 'dates.later', message: 'the later date must come after the first' },
      { path: 'dates.first', message: 'the first date must not be in the past' },
    ]);
    const words = { 'dates.first': { id: 'first-day' }, 'dates.later': { id: 'later-day' } };
    const inOrder = new FormErrors();
    inOrder.fromUseCase(refused, words, true);
    expect(inOrder.items.map((e) => e.href)).toEqual(['#first-day', '#later-day', '#main-content']);
    const asReported = new FormErrors();
    asReported.fromUseCase(refused, words);
    expect(asReported.items.map((e) => e.href)).toEqual([
      '#main-content',
      '#later-day',
      '#first-day',
    ]);
  });

  it('leaves other errors to the caller', () => {
    expect(new FormErrors().fromUseCase(new Error('boom'), {})).toBe(false);
  });

  it('says a required date is missing, or what is wrong with it', () => {
    const errors = new FormErrors()
      .date('a', read('', '', ''), 'Enter the date of the meeting')
      .date('b', read('31', '2', '2027'));
    expect(errors.items).toEqual([
      { text: 'Enter the date of the meeting', href: '#a-day' },
      { text: 'The date of the meeting must be a real date', href: '#b-day' },
    ]);
  });
});
