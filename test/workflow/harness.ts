// The time-skipping test environment with the real workflows and mocked activities. Each test file
// starts one server; each test runs a worker on its own task queue with its own mocks, and reads
// which activities ran, in order, from a call log.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from '../../workflows/definitions';
import { findTestServer } from './test-server-path';
import { workflowBundle } from './workflow-bundle';

/** Warnings and errors logged by the workflows (through the SDK's logger sink) and the SDK, oldest first. */
export const workflowLogs: LogEntry[] = [];

let runtimeInstalled = false;
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    // Workflow logs are kept for assertions instead of printed (a compensation test logs on purpose);
    // the SDK's own warnings still print, except the one this test server always causes: it predates
    // keeping heartbeat details on failure (the backtest test checks its resume does not need that).
    logger: new DefaultLogger('WARN', (entry) => {
      workflowLogs.push(entry);
      if (entry.meta?.workflowId === undefined && !entry.message.includes('activity_failure_include_heartbeat'))
        process.stderr.write(`[${entry.level}] ${entry.message}\n`);
    }),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
}

/** A fresh time-skipping server that knows our search attributes (the workflows set them; unknown ones fail their tasks). */
/** One time-skipping server for the calling test file, started before its tests and torn down after. */
export function testEnvPerFile(): () => TestWorkflowEnvironment {
  jest.setTimeout(30_000);
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the test server is not started: call env() inside a test');
    return env;
  };
}

export async function startTestEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findTestServer() } },
  });
  // The test server cannot list them, only add them (infra/stack registers them on a real server).
  const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_NAMES.map((name) => [name, keyword])),
  });
  return env;
}

export interface Call {
  name: string;
  args: any[];
}

type Fn = (...args: any[]) => any;

/** The mocks, each wrapped to append its name and arguments to `calls` before it runs. */
export function logged<T extends Record<string, Fn>>(calls: Call[], mocks: T): T {
  return Object.fromEntries(
    Object.entries(mocks).map(([name, fn]) => [
      name,
      async (...args: any[]) => {
        calls.push({ name, args });
        return fn(...args);
      },
    ]),
  ) as T;
}

export const names = (calls: Call[]) => calls.map((c) => c.name);
export const callsOf = (calls: Call[], name: string) => calls.filter((c) => c.name === name);

/** Runs `body` while a worker with the real workflows and these activities polls a fresh task queue. */
export async function withWorker<R>(
  env: TestWorkflowEnvironment,
  activities: Record<string, Fn>,
  body: (taskQueue: string) => Promise<R>,
): Promise<R> {
  const taskQueue = `wf-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(body(taskQueue));
}

/**
 * Skips workflow time in steps until `done()` holds (the server runs every timer and task due on the
 * way). Bounded in wall time, so a workflow that never gets there fails the test instead of hanging it.
 */
export async function skipUntil(
  env: TestWorkflowEnvironment,
  done: () => boolean | Promise<boolean>,
  what: string,
  stepMs = 5_000,
  wallLimitMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + wallLimitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await env.sleep(stepMs);
  }
}

/** Polls `read` (a query) until `ok` holds; a signal is applied by the workflow's next task, not at once. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  wallLimitMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + wallLimitMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `p`, or a clear failure after `wallLimitMs` (a workflow that never ends would otherwise hit the jest timeout). */
export async function within<T>(p: Promise<T>, wallLimitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), wallLimitMs)),
  );
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
