import fc from 'fast-check';
import { zodProblems } from '../../../libs/core/zod-problems.service';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { eventBody, readEventBody } from './event-body.schema';

/** What readEventBody gives: the fields, or the refusal's problems. */
function outcome(body: unknown): unknown {
  try {
    return { fields: readEventBody(body) };
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return { problems: e.problems };
  }
}

/** What zod alone gives for the same body. */
function zodOutcome(body: unknown): unknown {
  const parsed = eventBody.safeParse(body);
  return parsed.success ? { fields: parsed.data } : { problems: zodProblems(parsed.error) };
}

const sameAsZod = (body: unknown) => expect(outcome(body)).toEqual(zodOutcome(body));

describe('an event body read without zod where zod plainly accepts it', () => {
  it('gives the fields zod gives for the bodies clients send', () => {
    sameAsZod({ type: 'AGREE', expectedVersion: 2 });
    sameAsZod({ type: 'AGREE', expectedVersion: 2, payload: {} });
    sameAsZod({ type: 'REJECT', expectedVersion: 9, payload: { reasons: 'No.', n: 1, x: null } });
    sameAsZod({ type: 'AGREE', expectedVersion: 3, as: 'deputy', payload: { '1': 'a', b: [1] } });
  });

  it('copies the payload rather than passing the body’s own object on', () => {
    const payload = { reasons: 'No.' };
    const fields = readEventBody({ type: 'REJECT', expectedVersion: 4, payload });
    expect(fields.payload).toEqual(payload);
    expect(fields.payload).not.toBe(payload);
  });

  it('leaves every body zod refuses or reshapes to zod, with its problems', () => {
    for (const body of [
      null,
      [],
      'AGREE',
      {},
      { type: '', expectedVersion: 1 },
      { type: 'AGREE' },
      { type: 'AGREE', expectedVersion: 0 },
      { type: 'AGREE', expectedVersion: -1 },
      { type: 'AGREE', expectedVersion: 1.5 },
      { type: 'AGREE', expectedVersion: 2 ** 53 },
      { type: 'AGREE', expectedVersion: '2' },
      { type: 7, expectedVersion: 2 },
      { type: 'AGREE', expectedVersion: 2, as: null },
      { type: 'AGREE', expectedVersion: 2, as: 3 },
      { type: 'AGREE', expectedVersion: 2, payload: null },
      { type: 'AGREE', expectedVersion: 2, payload: [] },
      { type: 'AGREE', expectedVersion: 2, payload: 'x' },
      { type: 'AGREE', expectedVersion: 2, extra: true },
      JSON.parse('{"type":"AGREE","expectedVersion":2,"__proto__":{"x":1}}') as unknown,
      JSON.parse('{"type":"AGREE","expectedVersion":2,"payload":{"__proto__":{"x":1},"a":1}}'),
      Object.assign(Object.create(null) as object, { type: 'AGREE', expectedVersion: 2 }),
      { type: 'AGREE', expectedVersion: 2, payload: Object.create(null) as object },
    ])
      sameAsZod(body);
  });

  it('answers as zod for any body of JSON values under these keys', () => {
    const key = fc.constantFrom('type', 'expectedVersion', 'as', 'payload', 'other', '__proto__');
    const value = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    );
    // Through JSON, as a request's body arrives (a `__proto__` key an own key, as JSON.parse makes it).
    const body = fc
      .dictionary(key, value, { maxKeys: 5 })
      .map((o) => JSON.parse(JSON.stringify(o)) as unknown);
    fc.assert(fc.property(body, (b) => sameAsZod(b)));
  });
});
