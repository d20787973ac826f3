import { ValidationError } from '../../../core/errors';
import { validateCron, validateTimezone } from '../../../infra/services/evolution/cron';

describe('cron validation for the nightly schedule', () => {
  const now = new Date(Date.UTC(2026, 10, 26, 14, 0));
  it('accepts five fields and aliases, returning the next fire time', () => {
    expect(validateCron('0 2 * * *', now).toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(validateCron('@daily', now).toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });
  it.each([
    ['0 2 * *', /has 4 field\(s\); expected 5/],
    ['0 2 * * * *', /has 6 field\(s\)/],
    ['61 2 * * *', /does not parse: .*0-59/],
    ['0 2 * * funday', /does not parse/],
    ['', /has 0 field\(s\)/],
  ])('rejects %j with a reason', (expr, reason) => {
    expect(() => validateCron(expr, now)).toThrow(ValidationError);
    expect(() => validateCron(expr, now)).toThrow(reason);
  });
});

describe('time zone validation for the nightly schedule', () => {
  it('accepts IANA names and refuses anything else, naming the field', () => {
    expect(() => validateTimezone('Europe/Berlin')).not.toThrow();
    expect(() => validateTimezone('UTC')).not.toThrow();
    expect(() => validateTimezone('Mars/Olympus')).toThrow(
      expect.objectContaining({ field: 'timezone', message: expect.stringMatching(/Mars\/Olympus/) }),
    );
  });
});
