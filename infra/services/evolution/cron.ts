import { CronExpressionParser } from 'cron-parser';
import { EvolutionInputError } from './evolution-input-error';

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
      throw new EvolutionInputError(`cron expression "${expr}" has ${fields.length} field(s); expected 5 (minute hour day-of-month month day-of-week), e.g. "0 2 * * *" for 02:00 every night`);
    }
  }
  try {
    return CronExpressionParser.parse(e, { currentDate: now, tz: 'UTC' }).next().toDate();
  } catch (err) {
    throw new EvolutionInputError(`cron expression "${expr}" does not parse: ${(err as Error).message}`);
  }
}
