// Workflows for the sandbox watchdog test: one that yields at once, one that never yields.
export async function yieldsAtOnce(): Promise<string> {
  return 'ok';
}

export async function neverYields(spin: boolean): Promise<string> {
  let turns = 0;
  // A bug of the kind the watchdog exists for: synchronous code that never gives the thread back.
  while (spin) turns++;
  return `stopped after ${turns}`;
}
