// One log entry as `up`, its children and the worker write it: pino's fields (time, level, name,
// msg) plus whatever the entry is about (workflowId, activityType, attempt, err …). Pretty for a
// person (one line, the ids that matter), JSON for machines (one object per line).
import { LEVEL_VALUES, levelName, toLogLevel, type LogLevelName } from './levels';

export interface LogRecord {
  /** UTC milliseconds. */
  time: number;
  /** pino's number: 10 trace … 50 error. */
  level: number;
  /** Who logged it (up, worker, gateway …). */
  name?: string;
  /** Which of `up`'s children printed it. */
  child?: string;
  msg: string;
  /** An error: its type and message, its stack only where debug lines are shown. */
  err?: { type?: string; message: string; stack?: string };
  [field: string]: unknown;
}

export type LogFormat = 'pretty' | 'json';

/** Fields nobody reads on a console: a task token is an opaque blob, the rest repeat the queue. */
const DROPPED = new Set(['taskToken', 'base64TaskToken']);
const QUIET_IN_PRETTY = new Set([
  'namespace',
  'taskQueue',
  'sdkComponent',
  'isLocal',
  'activityId',
  'workflowRunId',
  'runId',
  'workflowType',
  'durationMs',
  'hostname',
  'pid',
]);
/** Shown first, in this order, on a pretty line. */
const LEADING = ['workflowId', 'activityType', 'attempt'];

/** An error (or what a sink made of one) as the record's `err`: its message includes its causes. */
export function errorField(e: unknown): LogRecord['err'] {
  if (e === undefined || e === null) return undefined;
  if (typeof e !== 'object') return { message: String(e) };
  const o = e as { name?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  const messages: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const m = (cur as { message?: unknown }).message;
    if (typeof m === 'string' && m && !messages.includes(m)) messages.push(m);
    cur = (cur as { cause?: unknown }).cause;
  }
  return {
    ...(typeof o.name === 'string' ? { type: o.name } : {}),
    message: messages.join(': ') || JSON.stringify(e),
    ...(typeof o.stack === 'string' ? { stack: o.stack } : {}),
  };
}

/**
 * The Temporal SDK's log entry (its Runtime logger's level, message and meta) as a record: the
 * task token is dropped, an `error` in the meta becomes `err`.
 */
export function sdkRecord(
  level: string,
  message: string,
  meta: Record<string, unknown> = {},
  time = Date.now(),
): LogRecord {
  const { error, failure, ...rest } = meta;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!DROPPED.has(k) && v !== undefined) fields[k] = v;
  const err = errorField(error ?? failure);
  return {
    time,
    level: LEVEL_VALUES[toLogLevel(level) ?? 'info'],
    ...fields,
    msg: message,
    ...(err ? { err } : {}),
  };
}

/** `[name] warn: text`, `[warn] text`, `warn: text`: what a plain line says of its own level. */
const PLAIN_LEVEL =
  /^(?:\[[^\]\s]+\]\s+)?(?:\[(trace|debug|info|warn|warning|error|fatal)\]|(trace|debug|info|warn|warning|error|fatal):)\s*/i;

/**
 * One line a child printed, as a record: a pino-style JSON line as it is (the child logs
 * through our logger), any other line at the level it names (`warn: …`, `[error] …`), else info.
 */
export function parseChildLine(line: string, child: string, time = Date.now()): LogRecord {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const o = JSON.parse(trimmed) as Record<string, unknown>;
      if (typeof o.msg === 'string' && (typeof o.level === 'number' || typeof o.level === 'string')) {
        const level = typeof o.level === 'number' ? o.level : LEVEL_VALUES[toLogLevel(o.level) ?? 'info'];
        for (const k of DROPPED) delete o[k];
        return { ...o, time: typeof o.time === 'number' ? o.time : time, level, msg: o.msg, child };
      }
    } catch {
      // not JSON after all: a plain line
    }
  }
  const m = PLAIN_LEVEL.exec(trimmed);
  const named = m && toLogLevel(m[1] ?? m[2]);
  // Its own label (`[gateway] …`) is the child's name, which the record carries already.
  const label = `[${child}] `;
  const text = named ? trimmed.slice(m[0].length) : trimmed.startsWith(label) ? trimmed.slice(label.length) : trimmed;
  return { time, level: LEVEL_VALUES[named ?? 'info'], child, msg: text };
}

export interface FormatOptions {
  format: LogFormat;
  /** Keep the error's stack (where debug lines are shown); else only its message. */
  stack?: boolean;
}

function withoutStack(r: LogRecord, stack: boolean | undefined): LogRecord {
  if (stack || !r.err?.stack) return r;
  const { stack: _dropped, ...err } = r.err;
  return { ...r, err };
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/**
 * The record as one line (no newline): JSON with pino's field order, or for a person
 * `[child] LEVEL msg: error (workflowId=… activityType=… attempt=…)` (no level word for info).
 */
export function formatRecord(record: LogRecord, o: FormatOptions): string {
  const r = withoutStack(record, o.stack);
  if (o.format === 'json') {
    const { time, level, name, child, msg, ...rest } = r;
    return JSON.stringify({ time, level, ...(name ? { name } : {}), ...(child ? { child } : {}), msg, ...rest });
  }
  const { time: _t, level, name, child, msg, err, ...rest } = r;
  const who = child ?? name;
  const lv = levelName(level);
  const keys = [
    ...LEADING.filter((k) => rest[k] !== undefined),
    ...Object.keys(rest).filter((k) => !LEADING.includes(k) && !QUIET_IN_PRETTY.has(k) && !DROPPED.has(k)),
  ];
  const fields = keys.map((k) => `${k}=${fieldText(rest[k])}`).join(' ');
  const text = [
    who ? `[${who}]` : '',
    lv === 'info' ? '' : lv.toUpperCase(),
    // One line, unless debug lines are shown: then all of a message a child wrote over several.
    (o.stack ? msg : msg.split('\n')[0]) + (err ? `: ${err.message.split('\n')[0]}` : ''),
    fields ? `(${fields})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return err?.stack ? `${text}\n${err.stack}` : text;
}

/** Shorthand for a record logged now. */
export function record(level: LogLevelName, msg: string, fields: Record<string, unknown> = {}): LogRecord {
  return { time: Date.now(), level: LEVEL_VALUES[level], ...fields, msg };
}
