// Preloaded (--require) into the Temporal SDK's workflow thread by sandbox-watchdog.ts; plain
// CommonJS because that thread runs without the TypeScript loader. It takes the per-call `timeout`
// off the SDK's calls into the workflow sandbox (Node starts and joins an OS thread for every timed
// call) and instead notes in shared memory when the outermost call began, what its limit was and
// which workflow it runs, so the one watchdog in the main thread can enforce that limit and name
// the workflow that never yields.
'use strict';
const vm = require('node:vm');
const { workerData } = require('node:worker_threads');
const { TextEncoder } = require('node:util');

const shared = workerData && workerData.opentradeSandboxWatchdog;
if (shared) {
  // Slots: [0] start of the running outermost call (ms since epoch, 0 = idle), [1] its limit in ms,
  // [2] calls made (proof, for tests, that this thread's calls go through here), [3] byte length of
  // the workflow's name in `name` (written only when the workflow changes).
  const slots = new BigInt64Array(shared, 0, 4);
  const name = new Uint8Array(shared, 32);
  const encoder = new TextEncoder();
  const runInContext = vm.Script.prototype.runInContext;
  let depth = 0;
  let lastRun;

  // The workflow this call runs: the SDK passes [holder, fn, args] in `__temporal_args`; the holder's
  // globals are live when it is the current one, else saved in its bag. SDK internals: when they
  // change shape the name is just left out.
  const noteWorkflow = (context) => {
    try {
      const holder = context.__temporal_args && context.__temporal_args[0];
      if (!holder) return;
      const activator = holder === context.__TEMPORAL_BAG_HOLDER__ ? context.__TEMPORAL_ACTIVATOR__ : holder.bag && holder.bag.__TEMPORAL_ACTIVATOR__ && holder.bag.__TEMPORAL_ACTIVATOR__.value;
      const info = activator && activator.info;
      if (!info || info.runId === lastRun) return;
      lastRun = info.runId;
      const { written } = encoder.encodeInto(`${info.workflowType} ${info.workflowId} (run ${info.runId})`, name);
      Atomics.store(slots, 3, BigInt(written));
    } catch {
      // a name is a courtesy: never let it fail a workflow
    }
  };

  vm.Script.prototype.runInContext = function watchedRunInContext(context, options) {
    if (!options || options.timeout === undefined) return runInContext.call(this, context, options);
    const { timeout, ...rest } = options;
    if (depth++ === 0) {
      noteWorkflow(context);
      Atomics.store(slots, 1, BigInt(timeout));
      Atomics.store(slots, 0, BigInt(Date.now()));
      Atomics.add(slots, 2, 1n);
    }
    try {
      return runInContext.call(this, context, rest);
    } finally {
      if (--depth === 0) Atomics.store(slots, 0, 0n);
    }
  };
}
