// Tests that produce a history worth replaying call this on it; it writes test/histories/<name>.json
// only when OPENTRADE_RECORD_HISTORIES=1 is set, so an ordinary test run never changes them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export async function saveHistory(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (!process.env.OPENTRADE_RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(path.join(__dirname, `${name}.json`), historyToJSON(history));
}
