// The bot's argument parsing: a command's words, and whole numbers in a range with a one-line
// explanation when they are not.
import { CommandRefusal } from './bot-reply';

export const words = (match: string): string[] => match.trim().split(/\s+/).filter(Boolean);

/** `undefined` when absent (the caller's default applies). */
export function wholeNumber(raw: string | undefined, what: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new CommandRefusal(`${what} must be a whole number from ${min} to ${max}, not "${raw.slice(0, 40)}"`);
  return Number(raw);
}

/** Session ids and symbols only: anything else is refused before it reaches a query. */
export function sessionArg(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(raw)) throw new CommandRefusal(`"${raw.slice(0, 40)}" is not a session id`);
  return raw;
}
