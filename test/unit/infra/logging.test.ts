import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ValidationError } from '../../../core/errors';
import { levelEnabled, parseLogLevel, toLogLevel } from '../../../infra/stack/logging/levels';
import { createLogger } from '../../../infra/stack/logging/logger';
import { formatRecord, parseChildLine, sdkRecord } from '../../../infra/stack/logging/log-record';
import { RotatingFile } from '../../../infra/stack/logging/rotating-file';
import { upLogLevel } from '../../../cli/commands/up';
import { activityLineLog, sdkLogFloor, sdkLogger, workerLogLevel } from '../../../workers/worker-logger';

/** What the SDK's worker logs when an activity throws (worker/lib/activity.js). */
function activityFailedMeta(): Record<string, unknown> {
  const error = new Error('exchange sim: order rejected');
  return {
    isLocal: false,
    attempt: 3,
    namespace: 'default',
    taskToken: 'CiQ4ZjM0YjM0Yy1hYmNkLTQ1NjctODkwMS0xMjM0NTY3ODkwYWISH3RyYWRpbmc=',
    activityId: '7',
    activityType: 'placeOrder',
    taskQueue: 'opentrade-trading',
    workflowId: 'session-abc',
    workflowRunId: 'run-1',
    workflowType: 'tradingSession',
    sdkComponent: 'worker',
    error,
    durationMs: 12,
  };
}

describe('log levels', () => {
  it.each(['trace', 'debug', 'info', 'warn', 'error'])('accepts %s', (l) => {
    expect(parseLogLevel(l)).toBe(l);
  });

  it('refuses any other level with the valid ones named', () => {
    expect(() => parseLogLevel('verbose')).toThrow(ValidationError);
    try {
      parseLogLevel('verbose', '--log-level');
    } catch (e) {
      expect((e as ValidationError).message).toBe('unknown log level "verbose" in --log-level');
      expect((e as ValidationError).hint).toBe('valid levels: trace, debug, info, warn, error');
    }
  });

  it('up takes the flag, else OPENTRADE_LOG_LEVEL, else info', () => {
    expect(upLogLevel('debug', { OPENTRADE_LOG_LEVEL: 'error' })).toBe('debug');
    expect(upLogLevel(undefined, { OPENTRADE_LOG_LEVEL: 'warn' })).toBe('warn');
    expect(upLogLevel(undefined, {})).toBe('info');
    expect(() => upLogLevel(undefined, { OPENTRADE_LOG_LEVEL: 'loud' })).toThrow(/in OPENTRADE_LOG_LEVEL/);
  });

  it("the worker reads OPENTRADE_LOG_LEVEL; OPENTRADE_WORKER_LOG_LEVEL is a floor for the SDK's entries only", () => {
    expect(workerLogLevel({ OPENTRADE_LOG_LEVEL: 'debug', OPENTRADE_WORKER_LOG_LEVEL: 'ERROR' })).toBe('debug');
    expect(workerLogLevel({ OPENTRADE_WORKER_LOG_LEVEL: 'WARN' })).toBe('info');
    expect(sdkLogFloor({ OPENTRADE_WORKER_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(toLogLevel('WARNING')).toBe('warn');
    const lines: string[] = [];
    const logger = createLogger('worker', [{ level: 'info', format: 'json', write: (l) => lines.push(l) }]);
    const sdk = sdkLogger(logger, 'error');
    sdk.warn('Activity failed', activityFailedMeta());
    logger.info('worker polling opentrade-trading');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['worker polling opentrade-trading']);
  });

  it('filters by threshold', () => {
    expect(levelEnabled('debug', 'info')).toBe(false);
    expect(levelEnabled('info', 'info')).toBe(true);
    expect(levelEnabled(50, 'warn')).toBe(true);
    expect(levelEnabled(10, 'debug')).toBe(false);
  });

  it('writes each sink what its level lets through, in its format', () => {
    const console: string[] = [];
    const file: string[] = [];
    const log = createLogger(
      'up',
      [
        { level: 'info', format: 'pretty', write: (l) => console.push(l) },
        { level: 'debug', format: 'json', write: (l) => file.push(l) },
      ],
      () => 1_700_000_000_000,
    );
    log.debug('cycle 12 of session-abc: HOLD');
    log.info('starting redis-server');
    log.warn('gateway exited', { code: 1 });
    expect(console).toEqual(['[up] starting redis-server', '[up] WARN gateway exited (code=1)']);
    expect(file.map((l) => JSON.parse(l))).toEqual([
      { time: 1_700_000_000_000, level: 20, name: 'up', msg: 'cycle 12 of session-abc: HOLD' },
      { time: 1_700_000_000_000, level: 30, name: 'up', msg: 'starting redis-server' },
      { time: 1_700_000_000_000, level: 40, name: 'up', msg: 'gateway exited', code: 1 },
    ]);
  });
});

describe('an activity failure', () => {
  it('is one pretty line with the workflow id, activity and attempt, and no task token or stack', () => {
    const r = { ...sdkRecord('WARN', 'Activity failed', activityFailedMeta(), 0), child: 'worker' };
    const line = formatRecord(r, { format: 'pretty' });
    expect(line).toBe(
      '[worker] WARN Activity failed: exchange sim: order rejected (workflowId=session-abc activityType=placeOrder attempt=3)',
    );
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/taskToken|CiQ4/);
  });

  it('is one JSON object with pino fields, no task token, the stack only at debug', () => {
    const r = sdkRecord('WARN', 'Activity failed', activityFailedMeta(), 5);
    const json = formatRecord({ ...r, name: 'worker' }, { format: 'json' });
    expect(json).not.toContain('\n');
    expect(json).not.toContain('taskToken');
    const o = JSON.parse(json);
    expect(o).toMatchObject({
      time: 5,
      level: 40,
      name: 'worker',
      msg: 'Activity failed',
      workflowId: 'session-abc',
      activityType: 'placeOrder',
      attempt: 3,
      err: { type: 'Error', message: 'exchange sim: order rejected' },
    });
    expect(o.err.stack).toBeUndefined();
    expect(JSON.parse(formatRecord(r, { format: 'json', stack: true })).err.stack).toContain('Error: exchange sim');
  });

  it("goes through the SDK's logger on ours at our level", () => {
    const lines: string[] = [];
    const logger = createLogger('worker', [{ level: 'warn', format: 'json', write: (l) => lines.push(l) }]);
    const sdk = sdkLogger(logger);
    sdk.debug('Activity started', { taskToken: 'x' });
    sdk.warn('Activity failed', activityFailedMeta());
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ name: 'worker', msg: 'Activity failed', workflowId: 'session-abc' });
    expect(lines[0]).not.toContain('taskToken');
  });

  it("the SDK's info entries (worker state changes) are debug", () => {
    const lines: string[] = [];
    const sdk = sdkLogger(createLogger('worker', [{ level: 'info', format: 'json', write: (l) => lines.push(l) }]));
    sdk.info('Worker state changed', { state: 'RUNNING' });
    expect(lines).toEqual([]);
  });

  it("a cause's message is part of the line", () => {
    const error = new Error('activity task failed', { cause: new Error('ECONNREFUSED 127.0.0.1:6379') });
    const line = formatRecord(sdkRecord('ERROR', 'Workflow failed', { workflowId: 'w-1', error }), {
      format: 'pretty',
    });
    expect(line).toMatch(
      /^ERROR Workflow failed: activity task failed: ECONNREFUSED 127\.0\.0\.1:6379 \(workflowId=w-1\)$/,
    );
  });
});

describe("a child's line", () => {
  it('reads a JSON line at its level and drops a task token', () => {
    const r = parseChildLine(
      JSON.stringify({ time: 1, level: 20, name: 'worker', msg: 'Activity started', taskToken: 't' }),
      'worker',
    );
    expect(r).toEqual({ time: 1, level: 20, name: 'worker', msg: 'Activity started', child: 'worker' });
  });

  it.each([
    ['[gateway] warn: slow query', 40, 'slow query'],
    ['[gateway] error: boom', 50, 'boom'],
    ['[warn] session s1: cooldown', 40, 'session s1: cooldown'],
    ['[gateway] listening on :8080', 30, 'listening on :8080'],
    ['plain', 30, 'plain'],
  ])('%p → level %p', (line, level, msg) => {
    expect(parseChildLine(line, 'gateway', 0)).toMatchObject({ level, msg, child: 'gateway' });
  });

  it('per-cycle lines of the activities are debug, their warnings warn', () => {
    const lines: string[] = [];
    const log = activityLineLog(
      createLogger('worker', [{ level: 'debug', format: 'json', write: (l) => lines.push(l) }]),
    );
    log('[info] session-abc BTC/USDT HOLD (risk none)');
    log('[warn] notification k1 not delivered to tg: 502');
    log('worker polling x');
    expect(lines.map((l) => [JSON.parse(l).level, JSON.parse(l).msg])).toEqual([
      [20, 'session-abc BTC/USDT HOLD (risk none)'],
      [40, 'notification k1 not delivered to tg: 502'],
      [30, 'worker polling x'],
    ]);
  });
});

describe('RotatingFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-rotate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates at maxBytes and keeps the newest `keep` rotated files', () => {
    const file = path.join(dir, 'worker.log');
    const f = new RotatingFile(file, { maxBytes: 100, keep: 2 });
    // 10 lines of 40 bytes: two lines a file, so 5 files were written and the 2 newest rotated ones remain.
    for (let i = 0; i < 10; i++) f.write(`${String(i).padStart(39, '-')}\n`);
    f.close();
    expect(readdirSync(dir).sort()).toEqual(['worker.log', 'worker.log.1', 'worker.log.2']);
    expect(readFileSync(file, 'utf8')).toBe(`${'8'.padStart(39, '-')}\n${'9'.padStart(39, '-')}\n`);
    expect(readFileSync(`${file}.1`, 'utf8')).toContain('-6\n');
    expect(readFileSync(`${file}.2`, 'utf8')).toContain('-4\n');
  });

  it('appends to the file a previous run left, counting its size', () => {
    const file = path.join(dir, 'up.log');
    new RotatingFile(file, { maxBytes: 10, keep: 1 }).write('12345678\n');
    const again = new RotatingFile(file, { maxBytes: 10, keep: 1 });
    again.write('abc\n');
    again.close();
    expect(readFileSync(file, 'utf8')).toBe('abc\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('12345678\n');
  });
});
