import { demoPlanTitle, financialYearOf, yearTheFinancialYearEnds } from './demo-plan-year.service';

describe('the demo plan’s year', () => {
  it.each([
    ['2026-12-24', '2026/27'],
    ['2027-03-31', '2026/27'],
    ['2027-04-01', '2027/28'],
    ['2099-06-01', '2099/00'],
  ])('puts %s in the financial year %s', (day, year) => {
    expect(financialYearOf(day)).toBe(year);
  });

  it('names the plan for the financial year its submission deadline falls in', () => {
    expect(demoPlanTitle('2026-12-24')).toBe('Better Care Fund plan 2026/27');
  });

  it.each([
    ['2026-12-06', 2027],
    ['2027-03-31', 2027],
    ['2027-04-01', 2028],
  ])('ends the financial year of %s in March %i', (day, year) => {
    expect(yearTheFinancialYearEnds(day)).toBe(year);
  });
});
