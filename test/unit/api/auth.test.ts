import { bearerFromHeader } from '../../../api/http/auth';
import { tokensEqual } from '../../../api/http/dashboard-ticket';

describe('tokensEqual', () => {
  it('is true only for identical tokens, whatever the lengths', () => {
    expect(tokensEqual('a'.repeat(48), 'a'.repeat(48))).toBe(true);
    expect(tokensEqual('a'.repeat(48), 'a'.repeat(47) + 'b')).toBe(false);
    expect(tokensEqual('a'.repeat(47), 'a'.repeat(48))).toBe(false); // a prefix is not the token
    expect(tokensEqual('', 'a'.repeat(48))).toBe(false);
  });
});

describe('bearerFromHeader', () => {
  it('extracts the token of a Bearer header, case-insensitively on the scheme', () => {
    expect(bearerFromHeader('Bearer abc.def-123')).toBe('abc.def-123');
    expect(bearerFromHeader('bearer   abc ')).toBe('abc');
  });

  it('rejects other schemes and malformed headers', () => {
    expect(bearerFromHeader(undefined)).toBeUndefined();
    expect(bearerFromHeader('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerFromHeader('Bearer')).toBeUndefined();
    expect(bearerFromHeader('Bearer a b')).toBeUndefined();
  });
});
