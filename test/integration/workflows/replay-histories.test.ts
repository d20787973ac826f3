import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';

// Every recorded history must replay against today's workflow code: a change that breaks
// determinism for running workflows fails the build here instead of in production.
const dir = path.resolve(__dirname, '../../histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories replay deterministically', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('%s', async (file) => {
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, file.replace(/\.json$/, ''))).resolves.toBeUndefined();
  });
});
