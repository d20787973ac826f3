// A small leveled logger with pino's line format: each sink has its own threshold and format, so
// `up` prints info for a person and keeps debug in its log file from the same calls.
import { levelEnabled, LEVEL_VALUES, type LogLevelName } from './levels';
import { formatRecord, type LogFormat, type LogRecord } from './log-record';

export interface LogSink {
  level: LogLevelName;
  format: LogFormat;
  /** Gets one line, without its newline. */
  write(line: string): void;
}

export type LogFn = (msg: string, fields?: Record<string, unknown>) => void;

export interface Logger {
  readonly name: string;
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  log(level: LogLevelName, msg: string, fields?: Record<string, unknown>): void;
  /** Writes a record made elsewhere (the SDK's, a child's) to every sink that wants its level. */
  write(record: LogRecord): void;
  /** The lowest threshold of its sinks: below it nothing is written anywhere. */
  readonly level: LogLevelName;
}

export function createLogger(name: string, sinks: LogSink[], clock: () => number = Date.now): Logger {
  const write = (r: LogRecord) => {
    for (const s of sinks)
      if (levelEnabled(r.level, s.level))
        s.write(formatRecord(r, { format: s.format, stack: levelEnabled('debug', s.level) }));
  };
  const log = (level: LogLevelName, msg: string, fields: Record<string, unknown> = {}) =>
    write({ time: clock(), level: LEVEL_VALUES[level], name, ...fields, msg });
  const lowest = sinks.reduce<LogLevelName>(
    (low, s) => (LEVEL_VALUES[s.level] < LEVEL_VALUES[low] ? s.level : low),
    'error',
  );
  return {
    name,
    level: lowest,
    log,
    write,
    trace: (m, f) => log('trace', m, f),
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** The format a child logs in: `OPENTRADE_LOG_FORMAT=json` (what `up` sets), else pretty. */
export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.OPENTRADE_LOG_FORMAT?.toLowerCase() === 'json' ? 'json' : 'pretty';
}
