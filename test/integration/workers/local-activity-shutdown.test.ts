// A local activity retried shortly before its worker shut down must not make the SDK core panic
// (workflows/activity-options.ts: local activities retry on a workflow timer). The panic is printed
// by the core's own threads, so the worker runs in a child process whose stderr is read here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(60_000);

test('a worker shut down after a local activity retry exits without a panic', () => {
  const root = path.resolve(__dirname, '../../..');
  const child = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(__dirname, 'flaky-local-worker.ts'),
      process.env.TEMPORAL_ADDRESS!,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 50_000,
    },
  );
  expect(child.stdout).toContain('ok after 2 attempts');
  expect(child.stderr).not.toMatch(/panicked at/);
  expect(child.status).toBe(0);
});
