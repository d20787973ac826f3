// The test command's panic scanner (scripts/rust-panics.js): what makes `npm test` fail on a panic
// in Temporal's SDK core.
import { scanChunk, scanEnd } from '../../../scripts/rust-panics';

const panic = "thread 'tokio-runtime-worker' panicked at /core/src/worker/activities/local_activities.rs:997:36:";

test('finds a panic report among ordinary output', () => {
  const r = scanChunk('', `PASS test/a.test.ts\n${panic}\nreceive half not dropped: SendError { .. }\n`);
  expect(r.panics).toEqual([panic]);
  expect(r.carry).toBe('');
});

test('finds a report split across chunks, once', () => {
  const cut = 20;
  const first = scanChunk('', `ok\n${panic.slice(0, cut)}`);
  expect(first.panics).toEqual([]);
  const second = scanChunk(first.carry, `${panic.slice(cut)}\nmore\n`);
  expect(second.panics).toEqual([panic]);
});

test('a report on the unfinished last line counts when the stream ends', () => {
  const r = scanChunk('', `ok\n${panic}`);
  expect(r.panics).toEqual([]);
  expect(scanEnd(r.carry)).toEqual([panic]);
});

test('test names and messages that merely mention panics do not count', () => {
  const r = scanChunk(
    '',
    "✓ the worker never panicked at shutdown\nError: panicked at the wrong time\nthread 'main' finished\n",
  );
  expect(r.panics).toEqual([]);
  expect(scanEnd('')).toEqual([]);
});
