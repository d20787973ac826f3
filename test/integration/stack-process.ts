// Runs the real service stack (Temporal dev server, PostgreSQL, Redis) for the integration tests in
// its own process, on free ports with throw-away data, and prints one `READY {json}` line.
// SIGTERM stops everything and removes the data.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../infra/services/net';
import { startStack } from '../../infra/services/stack';
import { Supervisor } from '../../infra/services/supervisor';

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentrade-it-'));
  chmodSync(dataDir, 0o755); // the postgres system user must reach its data dir
  const supervisor = new Supervisor(path.join(dataDir, 'logs'), (l) => process.stderr.write(`[stack] ${l}\n`));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await supervisor.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  try {
    const ports = {
      temporal: await freePort(),
      temporalUi: await freePort(),
      temporalHttp: await freePort(),
      temporalMetrics: await freePort(),
      postgres: await freePort(),
      redis: await freePort(),
    };
    // Tests get their own services even when the developer's shell has URLs set.
    const endpoints = await startStack({ dataDir, ports, supervisor, env: {}, headlessTemporal: true, persistentRedis: false });
    process.stdout.write(`READY ${JSON.stringify({ ...endpoints, dataDir, pid: process.pid })}\n`);
  } catch (e) {
    process.stderr.write(`stack failed: ${(e as Error).stack}\n`);
    await supervisor.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  }
}

void main();
