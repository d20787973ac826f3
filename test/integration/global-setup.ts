import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Starts the real stack once per jest run and exports its URLs to every test worker via process.env. */
export default async function globalSetup(): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(__dirname, 'stack-process.ts')],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env },
    },
  );
  const ready = await new Promise<Record<string, any>>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('integration stack did not start within 180 s')), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const line = buf.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`integration stack exited with code ${code} before it was ready`));
    });
  });
  process.env.DATABASE_URL = ready.databaseUrl;
  process.env.REDIS_URL = ready.redisUrl;
  process.env.TEMPORAL_ADDRESS = ready.temporalAddress;
  process.env.OPENTRADE_TEST_STACK_DIR = ready.dataDir;
  (globalThis as any).__OPENTRADE_STACK__ = child;
}
