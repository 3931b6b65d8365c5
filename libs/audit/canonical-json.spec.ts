import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import { canonicalJson } from './canonical-json';

/*
 * Every link's hash is made from canonicalJson: a single character apart from json-canonicalize,
 * with which every chain written so far was hashed, would break every chain. So they are compared
 * on everything JSON can hold and on the odd values an engine's object might carry.
 */
describe('canonicalJson', () => {
  it('writes any JSON value exactly as json-canonicalize does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes records with strings of any Unicode, numbers of any size and nested keys in any order as it does', () => {
    const key = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree')),
      object: fc.dictionary(key, tie('tree')),
    }));
    fc.assert(
      fc.property(tree, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the library’s ways: undefined left out or null, toJSON, sparse arrays, functions, -0', () => {
    const odd: unknown[] = [
      { a: undefined, b: 1 },
      [undefined, 1],
      { toJSON: () => 'x', z: 1 },
      { toJSON: 'a key called toJSON', a: 2 },
      [1, , 3],
      { n: -0, e: 1e21, s: 'é\u2028\u{1F600}' },
      new Date('2026-12-05T08:00:00Z'),
      { f: () => 1, g: [() => 2] },
      undefined,
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(canonicalize(v));
  });

  it('refuses what RFC 8785 refuses, as the library does', () => {
    for (const v of [NaN, Infinity, { a: -Infinity }]) {
      expect(() => canonicalize(v)).toThrow('Non-finite');
      expect(() => canonicalJson(v)).toThrow('Non-finite');
    }
  });
});
