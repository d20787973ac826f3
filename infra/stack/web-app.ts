import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config/paths';
import { isPortOpen } from './net';
import type { ChildSpec } from './supervisor';

const webDir = path.join(projectRoot, 'web');
const nextBin = () => require.resolve('next/dist/bin/next', { paths: [webDir, projectRoot] });

export function webIsBuilt(): boolean {
  return existsSync(path.join(webDir, '.next', 'BUILD_ID'));
}

/** `next build`, once; the dashboard is served prebuilt because `next dev` is slow and heavy. */
export function buildWeb(env: NodeJS.ProcessEnv, log: (l: string) => void): void {
  log('building the dashboard (first run only; about a minute)');
  const r = spawnSync(process.execPath, [nextBin(), 'build'], {
    cwd: webDir,
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(
      `dashboard build failed:\n${r.stdout?.toString().slice(-2000)}${r.stderr?.toString().slice(-2000)}`,
    );
  }
}

export function webServerSpec(o: { port: number; env: NodeJS.ProcessEnv }): ChildSpec {
  return {
    name: 'web',
    command: process.execPath,
    args: [nextBin(), 'start', '-p', String(o.port), '-H', '127.0.0.1'],
    cwd: webDir,
    env: { ...o.env, NEXT_TELEMETRY_DISABLED: '1' },
    ready: () => isPortOpen(o.port),
    readyTimeoutMs: 60_000,
  };
}
