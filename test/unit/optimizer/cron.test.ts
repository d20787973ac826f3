import { validateCron } from '../../../infra/services/evolution/cron';
import { EvolutionInputError } from '../../../infra/services/evolution/evolution-input-error';

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
    expect(() => validateCron(expr, now)).toThrow(EvolutionInputError);
    expect(() => validateCron(expr, now)).toThrow(reason);
  });
});
