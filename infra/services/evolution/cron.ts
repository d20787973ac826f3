import { CronExpressionParser } from 'cron-parser';
import { ValidationError } from '../../../core/errors';

const ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * A standard five-field cron expression (minute hour day-of-month month day-of-week) or an alias
 * such as @daily; returns the next fire time as a sanity check. Anything else is an error that says why.
 */
export function validateCron(expr: string, now = new Date()): Date {
  const e = expr.trim();
  if (!ALIASES.has(e)) {
    const fields = e.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) {
      throw new ValidationError(
        `cron expression "${expr}" has ${fields.length} field(s); expected 5 (minute hour day-of-month month day-of-week), e.g. "0 2 * * *" for 02:00 every night`,
        { field: 'cron' },
      );
    }
  }
  try {
    return CronExpressionParser.parse(e, { currentDate: now, tz: 'UTC' }).next().toDate();
  } catch (err) {
    throw new ValidationError(`cron expression "${expr}" does not parse: ${(err as Error).message}`, { field: 'cron' });
  }
}

/** An IANA time zone name; checked here because the server refuses any other with a bare gRPC error. */
export function validateTimezone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ValidationError(`time zone "${tz}" is not an IANA name such as UTC or Europe/Berlin`, {
      field: 'timezone',
    });
  }
}
