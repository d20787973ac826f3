// The log levels `up`, its children and the worker share, with pino's numbers so a JSON line's
// `level` reads the same to any pino tool.
import { ValidationError } from '../../../core/errors';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const LEVEL_VALUES: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/** The level a string names (any case; `warning`, `fatal` and the SDK's `WARN` too), or undefined. */
export function toLogLevel(raw: string | undefined): LogLevelName | undefined {
  const s = raw?.trim().toLowerCase();
  if (!s) return undefined;
  if (s === 'warning') return 'warn';
  if (s === 'fatal' || s === 'critical') return 'error';
  return (LOG_LEVELS as readonly string[]).includes(s) ? (s as LogLevelName) : undefined;
}

/** Reads a level the user gave; a wrong one is a ValidationError that names the valid ones. */
export function parseLogLevel(raw: string, source = '--log-level'): LogLevelName {
  const level = toLogLevel(raw);
  if (!level || raw.trim().toLowerCase() !== level) {
    throw new ValidationError(`unknown log level "${raw}" in ${source}`, {
      hint: `valid levels: ${LOG_LEVELS.join(', ')}`,
    });
  }
  return level;
}

/** The name of a pino level number (between two names: the lower one). */
export function levelName(value: number): LogLevelName {
  let name: LogLevelName = 'trace';
  for (const l of LOG_LEVELS) if (value >= LEVEL_VALUES[l]) name = l;
  return name;
}

/** Whether a line at `level` is shown where the threshold is `min`. */
export function levelEnabled(level: LogLevelName | number, min: LogLevelName): boolean {
  const v = typeof level === 'number' ? level : LEVEL_VALUES[level];
  return v >= LEVEL_VALUES[min];
}

/** The lower (more verbose) of two levels. */
export function lowerLevel(a: LogLevelName, b: LogLevelName): LogLevelName {
  return LEVEL_VALUES[a] <= LEVEL_VALUES[b] ? a : b;
}
