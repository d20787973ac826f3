// Runs the real service stack (Temporal dev server, PostgreSQL, Redis) for the integration tests in
// its own process, on free ports with throw-away data, and prints one `READY {json}` line.
// SIGTERM stops everything and removes the data.
import { startThrowawayStack, type ThrowawayStack } from '../../infra/stack/throwaway-stack';

async function main() {
  let stack: ThrowawayStack | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  try {
    stack = await startThrowawayStack((l) => process.stderr.write(`[stack] ${l}\n`));
    process.stdout.write(`READY ${JSON.stringify({ ...stack.endpoints, dataDir: stack.dataDir, pid: process.pid })}\n`);
  } catch (e) {
    process.stderr.write(`stack failed: ${(e as Error).stack}\n`);
    process.exit(1);
  }
}

void main();
