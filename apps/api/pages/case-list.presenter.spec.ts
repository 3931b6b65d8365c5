import { countedUpTo, pagination, readCaseQuery, totalInWords } from './case-list.presenter';

/** The find page's count and pages when the count stopped at its limit (issue #21) and when it did not. */
describe('the find page counted and paged', () => {
  const at = (page: number, q: Record<string, string> = {}) =>
    readCaseQuery({ ...q, page: String(page) });
  const numbers = (p: ReturnType<typeof pagination>) =>
    p.items.map((i) => ('number' in i ? (i.current ? `[${i.number}]` : String(i.number)) : '…'));

  it('counts far enough to know whether the page after this one exists', () => {
    expect(countedUpTo(1)).toBe(1000);
    expect(countedUpTo(40)).toBe(1000);
    expect(countedUpTo(41)).toBe(1025);
    expect(countedUpTo(200)).toBe(5000);
  });

  it('says "more than" only when the count stopped, in figures with commas', () => {
    expect(totalInWords(261, 1000)).toBe('261');
    expect(totalInWords(1000, 1000)).toBe('1,000');
    expect(totalInWords(1001, 1000)).toBe('more than 1,000');
    expect(totalInWords(5001, 5000)).toBe('more than 5,000');
  });

  it('pages a count that stopped without a last page, always with a next page', () => {
    const first = pagination(at(1, { q: 'plan' }), 1001, 1000);
    expect(numbers(first)).toEqual(['[1]', '2', '…']);
    expect(first.next).toEqual({ href: '/cases/find?q=plan&page=2' });
    expect(first.previous).toBeUndefined();
    const fortieth = pagination(at(40), 1001, 1000);
    expect(numbers(fortieth)).toEqual(['1', '…', '39', '[40]', '41', '…']);
    expect(fortieth.next).toEqual({ href: '/cases/find?page=41' });
    const further = pagination(at(41), 1026, countedUpTo(41));
    expect(numbers(further)).toEqual(['1', '…', '40', '[41]', '42', '…']);
  });

  it('pages an exact count as before: first, last and the pages around this one', () => {
    const p = pagination(at(5), 261, 1000);
    expect(numbers(p)).toEqual(['1', '…', '4', '[5]', '6', '…', '11']);
    expect(p.pages).toBe(11);
    const last = pagination(at(11), 261, 1000);
    expect(last.next).toBeUndefined();
    expect(numbers(pagination(at(1), 1000, 1000))).toEqual(['[1]', '2', '…', '40']);
    expect(pagination(at(1), 20, 1000).items).toEqual([]);
  });
});
