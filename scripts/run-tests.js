#!/usr/bin/env node
// The test command: jest with the flags it needs, its output passed through as it comes, and a
// non-zero exit when a Rust panic was printed (rust-panics.js), even if every test passed.
// Arguments go to jest unchanged.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { scanChunk, scanEnd } = require('./rust-panics');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', jest, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: ['inherit', 'pipe', 'pipe'],
    // Piped output is not a terminal: keep jest's colours when ours is one.
    env: process.stdout.isTTY && !process.env.FORCE_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env,
  },
);

const panics = [];
const watch = (from, to) => {
  let carry = '';
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    to.write(chunk);
    const r = scanChunk(carry, chunk);
    carry = r.carry;
    panics.push(...r.panics);
  });
  return new Promise((resolve) => from.on('end', () => resolve(panics.push(...scanEnd(carry)))));
};
const drained = Promise.all([watch(child.stdout, process.stdout), watch(child.stderr, process.stderr)]);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

child.on('close', async (code, signal) => {
  await drained;
  if (panics.length) {
    process.stderr.write(
      `\n${panics.length} Rust panic(s) in the output above (the SDK core's worker broke, whatever the tests say):\n${panics.map((p) => `  ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  process.exit(signal ? 1 : (code ?? 1));
});
