// `opentrade up --json` on the suite's services: every console line is one JSON object, no task
// token, debug only in the log files; a wrong --log-level is refused in one line.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { CLI, runCli } from '../cli/run-cli';

jest.setTimeout(180_000);

async function waitUntil(cond: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met in time:\n${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('opentrade up console', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-up-console-'));
  const env = { OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an unknown --log-level in one line naming the valid ones', () => {
    const r = runCli(['up', '--log-level', 'loud'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      'opentrade: unknown log level "loud" in --log-level — valid levels: trace, debug, info, warn, error',
    );
  });

  it('--json: one JSON object per stdout line, no task token, a restart as a warn line, logs/<child>.log', async () => {
    expect(runCli(['init', '--yes'], env).code).toBe(0);
    expect(runCli(['config', 'set', 'gateway.port', String(await freePort())], env).code).toBe(0);
    // Its worker would otherwise make the suite's Temporal hold the intelligence schedules, which
    // the intel tests create and count themselves.
    expect(runCli(['config', 'set', 'intel.enabled', 'false'], env).code).toBe(0);
    // The suite's Temporal, PostgreSQL and Redis (global-setup): only the worker and the gateway start.
    const proc = spawn(process.execPath, [CLI, 'up', '--no-web', '--json'], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (err += c));
    const lines = () =>
      out
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, any>;
          } catch {
            throw new Error(`not a JSON line: ${l}`);
          }
        });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      await waitUntil(
        () => lines().some((l) => l.msg === 'OpenTrade is up'),
        150_000,
        () => out + err,
      );
      const ready = lines().find((l) => l.msg === 'OpenTrade is up')!;
      expect(Object.keys(ready.urls)).toEqual(expect.arrayContaining(['gateway', 'data + logs']));

      // The worker says it polls once its workflows are bundled: then kill it.
      await waitUntil(
        () => lines().some((l) => l.child === 'worker' && /^worker polling/.test(l.msg)),
        120_000,
        () => out,
      );
      const processes = JSON.parse(readFileSync(path.join(dir, '.opentrade', 'processes.json'), 'utf8'));
      process.kill(processes.worker, 'SIGKILL');
      await waitUntil(
        () => lines().some((l) => l.level === 40 && /worker exited .*restarting/.test(l.msg)),
        20_000,
        () => out,
      );
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const all = lines();
    for (const l of all) {
      expect(typeof l.time).toBe('number');
      expect(typeof l.level).toBe('number');
      expect(typeof l.msg).toBe('string');
    }
    // info is the default: nothing below it on the console
    expect(all.filter((l) => l.level < 30)).toEqual([]);
    expect(all.some((l) => l.child === 'worker' || l.child === 'gateway')).toBe(true);
    expect(out).not.toContain('taskToken');

    const logs = path.join(dir, '.opentrade', 'logs');
    for (const f of ['up.log', 'worker.log', 'gateway.log']) expect(existsSync(path.join(logs, f))).toBe(true);
    const workerLog = readFileSync(path.join(logs, 'worker.log'), 'utf8');
    expect(workerLog).toMatch(/"msg":"worker polling/);
    expect(workerLog).not.toContain('taskToken');
    expect(readFileSync(path.join(logs, 'up.log'), 'utf8')).toMatch(/"level":40,"name":"up","msg":"worker exited/);
  });
});
