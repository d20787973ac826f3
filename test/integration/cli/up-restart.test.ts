import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createPrisma } from '../../../infra/adapters/db';
import { freePort } from '../../../infra/stack/net';
import { TASK_QUEUES } from '../../../workflows/definitions';
import { systemCheck } from '../../../workflows/system-check';
import { CLI, runCli } from './run-cli';

jest.setTimeout(240_000);

interface Up {
  proc: ChildProcess;
  output: () => string;
}

/** Starts `opentrade up --no-web` with its own embedded services (no URLs in the environment). */
function startUp(env: NodeJS.ProcessEnv): Promise<Up> {
  const cleanEnv = { ...process.env, ...env };
  delete cleanEnv.DATABASE_URL;
  delete cleanEnv.REDIS_URL;
  delete cleanEnv.TEMPORAL_ADDRESS;
  const proc = spawn(process.execPath, [CLI, 'up', '--no-web'], { env: cleanEnv });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`up did not come up in time:\n${out}`)), 180_000);
    const onData = () => {
      if (out.includes('OpenTrade is up')) {
        clearTimeout(timer);
        resolve({ proc, output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`up exited with ${code} before it was up:\n${out}`));
    });
  });
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopUp(up: Up): Promise<number | null> {
  const exited = new Promise<number | null>((r) => up.proc.once('exit', (code) => r(code)));
  up.proc.kill('SIGTERM');
  return exited;
}

describe('opentrade up → stop → up (embedded default)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-up-'));
  chmodSync(dir, 0o755);
  const env: Record<string, string> = { OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json') };
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    for (const k of ['temporal', 'temporalUi', 'gateway', 'postgres', 'redis']) ports[k] = await freePort();
    expect(runCli(['init', '--yes'], env).code).toBe(0);
    for (const [p, v] of [
      ['temporal.port', ports.temporal],
      ['temporal.uiPort', ports.temporalUi],
      ['gateway.port', ports.gateway],
      ['postgres.port', ports.postgres],
      ['redis.port', ports.redis],
      // The local model is asked for and not installed here: up must come up without it.
      ['llm.provider', 'local'],
    ] as const) {
      expect(runCli(['config', 'set', p, String(v)], env).code).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps database rows and Temporal history across a restart', async () => {
    const workflowId = `system-check-${Date.now()}`;
    let up = await startUp(env);
    const health: any = await (await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/health`)).json();
    expect(health.dependencies.filter((d: any) => d.required).map((d: any) => [d.name, d.status])).toEqual([
      ['postgres', 'ok'],
      ['redis', 'ok'],
      ['temporal', 'ok'],
    ]);
    expect(up.output()).toMatch(
      /\[up\] local model not started: the model file \S+ does not exist — run `opentrade setup --llm`.*; the rest of the stack runs/,
    );
    const dbUrl = JSON.parse(readFileSync(path.join(dir, '.opentrade', 'endpoints.json'), 'utf8')).databaseUrl;

    // Data written through the real stack: a DB row, and a workflow run end to end by the worker.
    let prisma = createPrisma(dbUrl);
    await prisma.strategy.create({
      data: { name: 'restart-probe', version: 1, type: 'ema-cross', parameters: { fast: 12 } } as any,
    });
    await prisma.$disconnect();
    let connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    const result = await new Client({ connection }).workflow.execute(systemCheck, {
      taskQueue: TASK_QUEUES.trading,
      workflowId,
    });
    expect(result).toMatchObject({ postgres: 'ok', redis: 'ok' });
    await connection.close();

    // A crashed child is restarted, and the restart is logged.
    const processes = () => JSON.parse(readFileSync(path.join(dir, '.opentrade', 'processes.json'), 'utf8'));
    const workerPid = processes().worker;
    process.kill(workerPid, 'SIGKILL');
    await waitUntil(
      () =>
        /worker exited \(code -, signal SIGKILL\); restarting/.test(up.output()) && processes().worker !== workerPid,
      20_000,
    );
    expect(up.output()).toMatch(/restart #1/);

    expect(await stopUp(up)).toBe(0);
    expect(existsSync(path.join(dir, '.opentrade', 'endpoints.json'))).toBe(false);
    expect(
      await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/health`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');

    up = await startUp(env);
    try {
      prisma = createPrisma(dbUrl);
      const found = await prisma.strategy.findFirst({ where: { name: 'restart-probe' } });
      await prisma.$disconnect();
      expect(found?.parameters).toEqual({ fast: 12 });
      connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      const described = await new Client({ connection }).workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('COMPLETED');
      await connection.close();
    } finally {
      expect(await stopUp(up)).toBe(0);
    }
  });
});
