// One watchdog per process for the Temporal SDK's workflow sandboxes, instead of one per call.
// The SDK bounds every call into a workflow's V8 context with vm's `timeout` option (its
// isolateExecutionTimeout, 5 s), and Node implements each timed call by starting and joining a
// fresh OS thread with its own event loop (nodejs/node#47739, still open). A trading cycle makes
// about 20 such calls: 100 µs each on an idle machine, about 10 ms per cycle of the workflow
// thread's time on a loaded 2-vCPU one, which capped cycles per second (bench/trading-cycle.ts).
//
// Installed, it preloads sandbox-watchdog-thread.cjs into each workflow thread the SDK starts: that
// thread's calls run untimed and publish their start and limit in shared memory, and a timer here
// checks them twice a second. A call past its limit means workflow code that never yields (a busy
// loop): the SDK would fail that one workflow task; here the whole thread is stopped, which fails
// the worker loudly (its process exits and is restarted; Temporal hands the task on). That is the
// trade: a bug that tests catch costs a worker restart instead of one task, for every healthy
// cycle running without a thread start.
//
// If an SDK upgrade renames its thread file, nothing here matches, the SDK keeps its own timeouts
// and test/integration/workers/sandbox-watchdog.test.ts fails on the missing calls.
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the live module object: the SDK reads `.Worker` from it at call time
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

const SDK_THREAD_FILE = require.resolve('@temporalio/worker/lib/workflow/workflow-worker-thread');
const PRELOAD = path.join(__dirname, 'sandbox-watchdog-thread.cjs');
const CHECK_EVERY_MS = 500;
// Layout shared with sandbox-watchdog-thread.cjs: four 64-bit slots, then the workflow's name.
const SLOTS_BYTES = 32;
const NAME_BYTES = 480;

interface Watched {
  thread: import('node:worker_threads').Worker;
  slots: BigInt64Array;
  name: Uint8Array;
  stopped: boolean;
}

interface WatchdogState {
  watched: Watched[];
  /** Calls made by threads that have exited. */
  retiredCalls: number;
  report: (line: string) => void;
}

// The state lives on the installed Worker class itself: a module loaded twice in one process (jest
// gives each test file its own module registry, not its own `worker_threads`) finds the hook already
// in place and shares it instead of wrapping it again.
const STATE = Symbol.for('opentrade.sandboxWatchdog');
type HookedWorker = typeof workerThreads.Worker & { [STATE]?: WatchdogState };
const installedState = (): WatchdogState | undefined => (workerThreads.Worker as HookedWorker)[STATE];

/** Idempotent, per process. Call before Worker.create; `log` receives the line naming a stuck sandbox. */
export function installSandboxWatchdog(o: { log?: (line: string) => void } = {}): void {
  const existing = installedState();
  if (existing) {
    if (o.log) existing.report = o.log;
    return;
  }
  const state: WatchdogState = { watched: [], retiredCalls: 0, report: o.log ?? ((line) => process.stderr.write(`${line}\n`)) };
  const Original = workerThreads.Worker;
  class WatchedWorker extends Original {
    static [STATE] = state;
    constructor(filename: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      if (filename !== SDK_THREAD_FILE) {
        super(filename, options);
        return;
      }
      const shared = new SharedArrayBuffer(SLOTS_BYTES + NAME_BYTES);
      super(filename, {
        ...options,
        execArgv: [...(options?.execArgv ?? process.execArgv), '--require', PRELOAD],
        workerData: { ...(options?.workerData as object | undefined), opentradeSandboxWatchdog: shared },
      });
      const w: Watched = { thread: this, slots: new BigInt64Array(shared, 0, 4), name: new Uint8Array(shared, SLOTS_BYTES), stopped: false };
      state.watched.push(w);
      this.once('exit', () => {
        state.retiredCalls += Number(Atomics.load(w.slots, 2));
        state.watched.splice(state.watched.indexOf(w), 1);
      });
    }
  }
  workerThreads.Worker = WatchedWorker;
  setInterval(() => checkSandboxes(state), CHECK_EVERY_MS).unref();
}

/** Calls into workflow sandboxes that went through the watchdog in this process so far. */
export function sandboxWatchdogCalls(): number {
  const state = installedState();
  return state ? state.watched.reduce((n, w) => n + Number(Atomics.load(w.slots, 2)), state.retiredCalls) : 0;
}

function checkSandboxes(state: WatchdogState, now = Date.now()): void {
  for (const w of state.watched) {
    const started = Number(Atomics.load(w.slots, 0));
    const limit = Number(Atomics.load(w.slots, 1));
    if (w.stopped || started === 0 || now - started <= limit) continue;
    w.stopped = true;
    const nameLength = Number(Atomics.load(w.slots, 3));
    // Copied out of shared memory first: TextDecoder does not read a SharedArrayBuffer view.
    const workflow = nameLength > 0 ? new TextDecoder().decode(w.name.slice(0, nameLength)) : 'an unidentified workflow';
    state.report(
      `workflow sandbox stuck: one call into workflow code has run for ${((now - started) / 1000).toFixed(1)} s (limit ${limit / 1000} s); ` +
        `${workflow} never yields (a busy loop?). Stopping its thread: this worker fails and Temporal retries the task elsewhere.`,
    );
    void w.thread.terminate();
  }
}
