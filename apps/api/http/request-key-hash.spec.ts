import { apiKeyHash } from '../../../libs/directory/api-key.repository';
import { requestKeyHash } from './api-key.guard';

describe('the hash of the API key a request carries', () => {
  it('is the key’s SHA-256, as the rate limit and the guard keep it', () => {
    const req = { headers: { authorization: 'Bearer k-1' } };
    expect(requestKeyHash(req)).toBe(apiKeyHash('k-1'));
    expect(requestKeyHash(req)).toBe(apiKeyHash('k-1'));
  });

  it('follows the header when it is not the one the hash was worked out for', () => {
    const req = { headers: { authorization: 'Bearer k-1' as string | undefined } };
    requestKeyHash(req);
    req.headers.authorization = 'Bearer k-2';
    expect(requestKeyHash(req)).toBe(apiKeyHash('k-2'));
    req.headers.authorization = undefined;
    expect(requestKeyHash(req)).toBeUndefined();
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic a2V5', 'Bearer two words', 'bearer k-1'])(
    'is none for an Authorization header of %p, which carries no key',
    (authorization) => {
      expect(requestKeyHash({ headers: { authorization } })).toBeUndefined();
    },
  );
});
