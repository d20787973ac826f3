import { mkdirSync } from 'node:fs';
import { NotFoundError } from '../../core/errors';
import { whichSync } from './find-binary';
import { isPortOpen } from './net';
import type { ChildSpec } from './supervisor';

export const REDIS_INSTALL_HINT =
  'install Redis 7: `sudo apt-get install -y redis-server` (Debian/Ubuntu), `brew install redis` (macOS), or set REDIS_URL to a running Redis';

export function requireRedisBinary(): string {
  const bin = whichSync('redis-server');
  if (!bin)
    throw new NotFoundError('`redis-server` was not found on PATH and REDIS_URL is not set', {
      hint: REDIS_INSTALL_HINT,
    });
  return bin;
}

/** A local redis-server with append-only persistence under dataDir. */
export function redisServerSpec(o: { binary: string; dataDir: string; port: number; persistent?: boolean }): ChildSpec {
  mkdirSync(o.dataDir, { recursive: true });
  const persistence =
    o.persistent === false ? ['--save', '', '--appendonly', 'no'] : ['--appendonly', 'yes', '--save', '60 1'];
  return {
    name: 'redis',
    command: o.binary,
    args: [
      '--port',
      String(o.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      o.dataDir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      ...persistence,
    ],
    ready: () => isPortOpen(o.port),
    readyTimeoutMs: 15_000,
    stopSignal: 'SIGTERM',
  };
}
