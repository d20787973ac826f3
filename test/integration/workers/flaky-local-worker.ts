// A worker process that runs retriesOnce to its end, shuts down as the test workers do
// (shutdown(), then await run()) and stays alive longer than the analyst preset's start-to-close
// timeout, as a test process does while jest goes on with the next file. Usage: tsx <this> <address>
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { cycleAgent } from '../../../workflows/activity-options';
import { retriesOnce } from './flaky-local-workflows';

// Past the failed attempt's start-to-close timeout, when a timer left running would fire.
const WAIT_MS = 7_000;

async function main() {
  if (cycleAgent.startToCloseTimeout !== '5 seconds')
    throw new Error(
      `the analyst preset's start-to-close timeout changed (${cycleAgent.startToCloseTimeout}): set WAIT_MS past it`,
    );
  const address = process.argv[2];
  const taskQueue = `flaky-local-${Date.now().toString(36)}`;
  let attempts = 0;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath: path.join(__dirname, 'flaky-local-workflows.ts'),
    activities: {
      async flaky() {
        if (attempts++ === 0) throw new Error('first attempt fails');
        return 'ok';
      },
    },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const result = await new Client({ connection }).workflow.execute(retriesOnce, { taskQueue, workflowId: taskQueue });
  worker.shutdown();
  await running;
  await connection.close();
  await new Promise((r) => setTimeout(r, WAIT_MS));
  process.stdout.write(`${result} after ${attempts} attempts\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
