// Finds Rust panic reports (Temporal's SDK core prints them to stderr and carries on) in a stream of
// output chunks. A panic inside the core can leave a test green while a worker is broken, so the test
// command fails on one. Pure: the caller keeps the returned carry (the last, unfinished line) and
// hands it back with the next chunk, so a report split across two chunks is still found.
'use strict';

const PANIC = /thread '[^']*' panicked at /;

/** The complete lines of `carry + chunk` that report a panic, and the unfinished rest. */
function scanChunk(carry, chunk) {
  const lines = (carry + chunk).split('\n');
  const rest = lines.pop();
  return { carry: rest, panics: lines.filter((l) => PANIC.test(l)) };
}

/** What is left once the stream ends: the unfinished last line, if it reports a panic. */
function scanEnd(carry) {
  return PANIC.test(carry) ? [carry] : [];
}

module.exports = { scanChunk, scanEnd };
