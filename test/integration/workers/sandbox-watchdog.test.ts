// The per-process sandbox watchdog (workers/sandbox-watchdog.ts) on a real worker and Temporal server:
// the SDK's calls into workflow code go through it (an SDK upgrade that renames its thread file or
// stops timing its calls fails here), and a workflow that never yields still gets caught.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { installSandboxWatchdog, sandboxWatchdogCalls } from '../../../workers/sandbox-watchdog';

const address = process.env.TEMPORAL_ADDRESS!;
const alarms: string[] = [];
let client: Client;
let connection: Connection;

beforeAll(async () => {
  installSandboxWatchdog({ log: (line) => alarms.push(line) });
  connection = await Connection.connect({ address });
  client = new Client({ connection });
});
afterAll(() => connection.close());

async function startWorker(taskQueue: string) {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.resolve(__dirname, 'sandbox-workflows.ts'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
  return Worker.create({ connection: await NativeConnection.connect({ address }), taskQueue, workflowBundle });
}

test('calls into workflow code go through the watchdog, untimed', async () => {
  const taskQueue = `sandbox-ok-${Date.now().toString(36)}`;
  const worker = await startWorker(taskQueue);
  const before = sandboxWatchdogCalls();
  const result = await worker.runUntil(client.workflow.execute('yieldsAtOnce', { taskQueue, workflowId: `${taskQueue}-wf` }));
  expect(result).toBe('ok');
  // Without the watchdog each of these calls would have started and joined an OS thread.
  expect(sandboxWatchdogCalls() - before).toBeGreaterThanOrEqual(3);
  expect(alarms).toEqual([]);
});

test('a workflow that never yields is caught: its thread is stopped and the worker fails loudly', async () => {
  const taskQueue = `sandbox-stuck-${Date.now().toString(36)}`;
  const worker = await startWorker(taskQueue);
  const handle = await client.workflow.start('neverYields', { taskQueue, workflowId: `${taskQueue}-wf`, args: [true] });
  const started = Date.now();
  const outcome = await worker.run().then(
    () => 'worker stopped cleanly',
    (e: Error) => `worker failed: ${e.message}`,
  );
  expect(outcome).toMatch(/^worker failed: /);
  // The SDK's limit (5 s), checked twice a second: caught within about 5.5 s (room for a slow machine).
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(alarms).toHaveLength(1);
  expect(alarms[0]).toMatch(/workflow sandbox stuck: one call into workflow code has run for \d+\.\d s \(limit 5 s\)/);
  // It names the workflow, so the bug can be found.
  expect(alarms[0]).toContain(`neverYields ${taskQueue}-wf (run ${handle.firstExecutionRunId})`);
  await handle.terminate('test over');
});
