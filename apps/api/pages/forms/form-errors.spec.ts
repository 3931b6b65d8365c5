import { InvalidInputError } from '../../../../libs/errors/domain.errors';
import { FormErrors } from './form-errors.service';

/*
 * A form's errors as a page shows them: whoever builds the list, a use case's ISO date
 * ("2026-12-10") reaches the page in words, as every date on a page does.
 */
describe('a form’s errors', () => {
  it('says a use case’s dates in words, whichever form adds them', () => {
    const errors = new FormErrors().add(
      'validUntil-day',
      'The last day in force comes before the first (2026-12-10)',
    );
    errors.fromUseCase(
      new InvalidInputError('The body is not valid', [
        { path: 'validFrom', message: 'the body has no seats on 2026-02-01' },
      ]),
      { validFrom: { id: 'validFrom-day' } },
    );

    expect(errors.items).toEqual([
      {
        text: 'The last day in force comes before the first (Thursday 10 December 2026)',
        href: '#validUntil-day',
      },
      { text: 'the body has no seats on Sunday 1 February 2026', href: '#validFrom-day' },
    ]);
  });

  it('leaves a code holding a date, or a date that is no day, as it was', () => {
    const errors = new FormErrors()
      .add('reference', 'PO-2026-03-01-7 is already used')
      .add('day', '2026-13-01 is not a date');

    expect(errors.items.map((e) => e.text)).toEqual([
      'PO-2026-03-01-7 is already used',
      '2026-13-01 is not a date',
    ]);
  });
});
