/**
 * The financial year (1 April to 31 March) a London date falls in, as plans name it: 2026-12-24
 * is in "2026/27", 2027-02-01 too, 2027-04-01 in "2027/28".
 */
export function financialYearOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const first = day.slice(5) >= '04-01' ? year : year - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, '0')}`;
}

/**
 * The demo's BCF plan as people name it: the plan for the financial year its submission deadline
 * falls in, so that its title agrees with its dates, which the demo moves ahead of today.
 */
export function demoPlanTitle(submissionDeadline: string): string {
  return `Better Care Fund plan ${financialYearOf(submissionDeadline)}`;
}

/**
 * The calendar year in which the financial year `day` falls in ends (its March), which is also
 * the year the next financial year starts (its April): 2026-12-06 gives 2027.
 */
export function yearTheFinancialYearEnds(day: string): number {
  return Number(financialYearOf(day).slice(0, 4)) + 1;
}
