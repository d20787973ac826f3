// The worker's one logger: its own lines, the activities' lines and the Temporal SDK's entries
// (through Runtime.install, the SDK's documented hook) at one level, one line each. Under `up` it
// writes JSON at debug and `up` filters for the console and keeps everything in logs/worker.log.
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { LEVEL_VALUES, toLogLevel, type LogLevelName } from '../infra/stack/logging/levels';
import { createLogger, logFormatFromEnv, type Logger } from '../infra/stack/logging/logger';
import { sdkRecord, type LogFormat } from '../infra/stack/logging/log-record';

/** OPENTRADE_LOG_LEVEL (what `up` passes its children), else info. */
export function workerLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevelName {
  return toLogLevel(env.OPENTRADE_LOG_LEVEL) ?? 'info';
}

/** OPENTRADE_WORKER_LOG_LEVEL (the SDK's WARN, ERROR …): a floor for the SDK's entries only, as before. */
export function sdkLogFloor(env: NodeJS.ProcessEnv = process.env): LogLevelName | undefined {
  return toLogLevel(env.OPENTRADE_WORKER_LOG_LEVEL);
}

export function createWorkerLogger(
  level: LogLevelName = workerLogLevel(),
  format: LogFormat = logFormatFromEnv(),
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  return createLogger('worker', [{ level, format, write }]);
}

/**
 * The SDK's Logger on ours: "Activity failed" is one line with the workflow id, the activity and
 * the attempt. The SDK's info entries (worker state changes, one per task queue) are debug here:
 * the worker's own "worker polling …" line says the same once.
 */
export function sdkLogger(logger: Logger, floor?: LogLevelName): SdkLogger {
  const min = Math.max(LEVEL_VALUES[logger.level], floor ? LEVEL_VALUES[floor] : 0);
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const r = sdkRecord(level === 'INFO' ? 'DEBUG' : level, message, (meta ?? {}) as Record<string, unknown>);
    if (r.level < min) return;
    logger.write({ ...r, name: logger.name });
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}

/**
 * The activities' line logger (ActivityDeps.log): they write `[info] <cycle summary>` once per
 * cycle, which is debug here (the status block shows the last decision); `[warn] …` stays warn.
 */
export function activityLineLog(logger: Logger): (line: string) => void {
  return (line) => {
    const m = /^\[(\w+)\]\s*(.*)$/s.exec(line);
    const named = m ? toLogLevel(m[1]) : undefined;
    if (!m || !named) return logger.info(line);
    logger.log(named === 'info' ? 'debug' : named, m[2]);
  };
}
