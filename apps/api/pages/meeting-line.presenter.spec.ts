import { meetingLine, titleHoldsBody, titleHoldsDate } from './meeting-line.presenter';

describe('a meeting’s line on the dashboard', () => {
  it('says the body and the date once when the title already holds them, as the demo’s titles do', () => {
    expect(
      meetingLine(
        'Health and Wellbeing Board, Thursday 10 December 2026',
        'Health and Wellbeing Board',
        '2026-12-10',
      ),
    ).toEqual({ title: 'Health and Wellbeing Board, Thursday 10 December 2026' });
  });

  it('adds the body and the full date when the title has only an abbreviation and a day and month', () => {
    expect(meetingLine('JCB, 4 September', 'Joint Commissioning Board', '2025-09-04')).toEqual({
      title: 'JCB, 4 September',
      body: 'Joint Commissioning Board',
      date: 'Thursday 4 September 2025',
    });
  });

  it('adds only what the title leaves out', () => {
    expect(
      meetingLine('Joint Commissioning Board: budget', 'Joint Commissioning Board', '2025-09-04'),
    ).toEqual({ title: 'Joint Commissioning Board: budget', date: 'Thursday 4 September 2025' });
    expect(
      meetingLine('Extra meeting 4/9/2025', 'Joint Commissioning Board', '2025-09-04'),
    ).toEqual({ title: 'Extra meeting 4/9/2025', body: 'Joint Commissioning Board' });
  });

  it.each([
    'Board 4 September 2025',
    'Board, Thursday 4th September 2025',
    'Board 04 Sept 2025',
    'Board – September 4, 2025',
    'Board 4 Sep 25',
    'Board 04/09/2025',
    'Board 4.9.25',
    'Board 2025-09-04',
  ])('reads “%s” as holding Thursday 4 September 2025', (title) => {
    expect(titleHoldsDate(title, '2025-09-04')).toBe(true);
  });

  it.each([
    'Board 4 September',
    'Board September 2025',
    'Board 14 September 2025',
    'Board 4 September 2024',
    'Board 9/4/2025',
    'Board 4 October 2025',
    'Board 24/09/2025',
  ])('does not read “%s” as holding Thursday 4 September 2025', (title) => {
    expect(titleHoldsDate(title, '2025-09-04')).toBe(false);
  });

  it('finds the body’s whole name whatever its case, punctuation or ampersand, never a part of it', () => {
    expect(titleHoldsBody('health & wellbeing board – 10 Dec', 'Health and Wellbeing Board')).toBe(
      true,
    );
    expect(titleHoldsBody('Wellbeing Board, 10 December', 'Health and Wellbeing Board')).toBe(
      false,
    );
    expect(titleHoldsBody('Cabinets, 10 December', 'Cabinet')).toBe(false);
  });
});
