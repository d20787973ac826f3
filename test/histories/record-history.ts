// Records a finished workflow's history into test/histories/<name>.json for the replay test.
// Usage: tsx test/histories/record-history.ts <workflowId> <name> [temporal address]
// Tests that produce histories write them only with OPENTRADE_RECORD_HISTORIES=1 set.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

async function main() {
  const [workflowId, name, address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233'] = process.argv.slice(2);
  if (!workflowId || !name) throw new Error('usage: record-history.ts <workflowId> <name> [address]');
  const connection = await Connection.connect({ address });
  const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(__dirname, `${name}.json`);
  // The same JSON as `temporal workflow show --output json`, which runReplayHistory reads back.
  writeFileSync(file, historyToJSON(history));
  process.stdout.write(`wrote ${file} (${history.events?.length} events)\n`);
  await connection.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
