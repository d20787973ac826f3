// A real Temporal worker on the integration stack (TEMPORAL_ADDRESS from the global setup) plus a
// client, for tests that run workflows in-process; stop() shuts both down.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/run-worker';

export interface TestWorker {
  client: Client;
  stop(): Promise<void>;
}

export async function startTestWorker(o: {
  taskQueue: string;
  activities: object;
  workflowBundle?: WorkflowBundle;
  address?: string;
}): Promise<TestWorker> {
  const address = o.address ?? process.env.TEMPORAL_ADDRESS!;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: o.activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection }),
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
