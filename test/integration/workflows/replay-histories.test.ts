import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../../workflows';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';

// Every recorded history must replay against today's workflow code: a change that breaks
// determinism for running workflows fails the build here instead of in production.
const dir = path.resolve(__dirname, '../../histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const workflowType = (history: {
  events: { workflowExecutionStartedEventAttributes?: { workflowType: { name: string } } }[];
}) => history.events[0].workflowExecutionStartedEventAttributes!.workflowType.name;

describe('recorded workflow histories replay deterministically', () => {
  it('has a history of every workflow type', () => {
    expect([...new Set(histories.map((f) => workflowType(read(f))))].sort()).toEqual(Object.keys(workflows).sort());
  });

  it.each(histories)('%s', async (file) => {
    await expect(
      Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, read(file), file.replace(/\.json$/, '')),
    ).resolves.toBeUndefined();
  });

  it('fails on a change that breaks determinism', async () => {
    const changed = path.resolve(__dirname, 'changed-workflows.ts');
    await expect(
      Worker.runReplayHistory({ workflowsPath: changed }, read('trading-cycle-buy.json'), 'changed'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
