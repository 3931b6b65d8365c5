import { checkHolding, Holding, holderOn } from './office-holdings.service';

const CEO = 'Chief Executive, Southampton City Council';
const morgan: Holding = {
  id: 'h1',
  personName: 'Morgan Hale',
  from: '2020-01-01',
  until: null,
  kind: 'substantive',
};

describe('holdings of an office', () => {
  it('refuses a second substantive holder on a day the first still holds it, naming the days', () => {
    const v = checkHolding(CEO, [morgan], {
      personName: 'Ravi Shah',
      from: '2026-12-03',
      until: null,
      kind: 'substantive',
    });
    expect(v).toEqual({
      ok: false,
      code: 'OFFICE_HELD_TWICE',
      explanation: [
        `Morgan Hale holds ${CEO} (substantive) from Wed 1 Jan 2020 with no end`,
        'Ravi Shah would hold it (substantive) from Thu 3 Dec 2026 with no end',
        'both would hold it from Thu 3 Dec 2026 onwards: an office has one substantive holder on any day',
        "end Morgan Hale's holding the day before Ravi Shah's begins, or appoint Ravi Shah as acting",
      ],
    });
  });

  it('names the days two bounded holdings share', () => {
    const v = checkHolding(CEO, [{ ...morgan, until: '2026-12-10' }], {
      personName: 'Ravi Shah',
      from: '2026-12-03',
      until: '2027-03-31',
      kind: 'substantive',
    });
    expect(v.ok === false && v.explanation[2]).toBe(
      'both would hold it from Thu 3 Dec 2026 to Thu 10 Dec 2026: an office has one substantive holder on any day',
    );
  });

  it('lets a holder follow on the day after the last ends, and an acting holder stand in', () => {
    const ended = { ...morgan, until: '2026-12-02' };
    const next: Holding = {
      personName: 'Ravi Shah',
      from: '2026-12-03',
      until: null,
      kind: 'substantive',
    };
    expect(checkHolding(CEO, [ended], next)).toEqual({ ok: true });
    expect(checkHolding(CEO, [morgan], { ...next, kind: 'acting', until: '2026-12-20' })).toEqual({
      ok: true,
    });
  });

  it('checks a changed holding against the others, not against itself', () => {
    expect(checkHolding(CEO, [morgan], { ...morgan, until: '2026-12-02' })).toEqual({ ok: true });
  });

  it('finds the acting holder on the days they stand in, the substantive one otherwise', () => {
    const acting: Holding = {
      personName: 'Dana Whitlock',
      from: '2026-12-07',
      until: '2026-12-11',
      kind: 'acting',
    };
    expect(holderOn([morgan, acting], '2026-12-06')?.personName).toBe('Morgan Hale');
    expect(holderOn([morgan, acting], '2026-12-07')?.personName).toBe('Dana Whitlock');
    expect(holderOn([morgan, acting], '2026-12-11')?.personName).toBe('Dana Whitlock');
    expect(holderOn([morgan, acting], '2026-12-12')?.personName).toBe('Morgan Hale');
    expect(holderOn([{ ...morgan, until: '2026-12-02' }], '2026-12-03')).toBeNull();
  });
});
