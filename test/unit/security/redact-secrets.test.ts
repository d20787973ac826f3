import { redactSecrets } from '../../../core/security/redact-secrets';

describe('redactSecrets', () => {
  it('hides the credentials of any URL but keeps host and path for diagnosis', () => {
    expect(redactSecrets('connect postgres://ot:s3cret@db:5432/ot failed')).toBe(
      'connect postgres://***@db:5432/ot failed',
    );
    expect(redactSecrets('redis://:pw@127.0.0.1:6379/0 and rediss://user:x@h')).toBe(
      'redis://***@127.0.0.1:6379/0 and rediss://***@h',
    );
  });

  it('leaves URLs without credentials alone', () => {
    expect(redactSecrets('GET http://127.0.0.1:18790/api/v1/health')).toBe('GET http://127.0.0.1:18790/api/v1/health');
  });

  it('hides every occurrence of a listed secret, but not uselessly short ones', () => {
    expect(redactSecrets('token abcd1234 then abcd1234', ['abcd1234'])).toBe('token [redacted] then [redacted]');
    expect(redactSecrets('a b c', ['a'])).toBe('a b c'); // a 1-char "secret" would shred the text
  });

  it('hides signed query parameters a venue error may echo', () => {
    expect(redactSecrets('POST /api/v3/order?symbol=BTCUSDT&signature=9f8e7d&timestamp=1')).toBe(
      'POST /api/v3/order?symbol=BTCUSDT&signature=[redacted]&timestamp=1',
    );
  });
});
