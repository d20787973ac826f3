// Preloaded (--require) into the Temporal SDK's workflow thread by sandbox-watchdog.ts; plain
// CommonJS because that thread runs without the TypeScript loader. It takes the per-call `timeout`
// off the SDK's calls into the workflow sandbox (Node starts and joins an OS thread for every timed
// call) and instead notes in shared memory when the outermost call began and what its limit was,
// so the one watchdog in the main thread can enforce that limit.
'use strict';
const vm = require('node:vm');
const { workerData } = require('node:worker_threads');

const shared = workerData && workerData.opentradeSandboxWatchdog;
if (shared) {
  // [0] start of the running outermost call (ms since epoch, 0 = idle), [1] its limit in ms,
  // [2] calls made (proof, for tests, that this thread's calls go through here).
  const slots = new BigInt64Array(shared);
  const runInContext = vm.Script.prototype.runInContext;
  let depth = 0;
  vm.Script.prototype.runInContext = function watchedRunInContext(context, options) {
    if (!options || options.timeout === undefined) return runInContext.call(this, context, options);
    const { timeout, ...rest } = options;
    if (depth++ === 0) {
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
