import fc from 'fast-check';
import { hostileString } from './hostile-input-values.service';

/* What a fuzz sends where a browser would: path segments and form bodies. */

/** A path segment: mostly percent-encoded as a client would, sometimes raw (traversal, bad escapes). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(encodeSegment) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '..',
      '../..',
      '../../../etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e',
      '%252e%252e%252f',
      '%E0%A4%A',
      '%ZZ',
      '%C0%AE%C0%AE',
      '%00',
      '%ED%A0%80',
      '.',
      '~',
      'a;b=c',
      'x'.repeat(5_000),
    ),
  },
);

/** A string as one percent-encoded path segment; a lone surrogate as the bytes a careless client sends. */
export function encodeSegment(s: string): string {
  return s.replace(/[\s\S]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  });
}

/** A form body as application/x-www-form-urlencoded text, repeated keys for arrays. */
export function formEncoded(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
}
