// Real processes for the crash tests: a Temporal dev server of our own (its DB file kept across
// restarts) and the real `opentrade worker` process, both killable at will.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { findTemporalBinary, temporalDevServerSpec, waitForTemporal } from '../../../infra/stack/temporal-server';

const root = path.resolve(__dirname, '..', '..', '..');

async function waitFor(what: string, ok: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

export class TemporalServer {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ot-temporal-'));
  port = 0;
  private args: string[] = [];
  private command = '';

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) {
      const binary = findTemporalBinary();
      if (!binary) throw new Error('the temporal CLI is needed for this test (TEMPORAL_CLI_PATH or PATH)');
      this.port = await freePort();
      const spec = temporalDevServerSpec({
        binary,
        dataDir: this.dir,
        port: this.port,
        uiPort: 0,
        headless: true,
        httpPort: await freePort(),
        metricsPort: await freePort(),
      });
      this.command = spec.command;
      this.args = spec.args;
    }
    this.child = spawn(this.command, this.args, { stdio: 'ignore' });
    await waitForTemporal(this.address);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const c = this.child;
    if (!c) return;
    c.kill(signal);
    await exited(c);
    this.child = undefined;
  }
}

export class WorkerProcess {
  private child?: ChildProcess;
  output = '';
  starts = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly queues = 'trading',
  ) {}

  /** Resolves once the worker polls its queue (it prints "worker polling …"). */
  async start(): Promise<void> {
    this.starts += 1;
    const child = spawn(process.execPath, [path.join(root, 'bin/opentrade.js'), 'worker', '--queues', this.queues], {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let polling = false;
    child.stdout!.on('data', (b: Buffer) => {
      this.output += b.toString();
      if (/worker polling/.test(this.output.slice(-2000))) polling = true;
    });
    child.stderr!.on('data', (b: Buffer) => (this.output += b.toString()));
    await waitFor(
      `the worker to poll (output: ${this.output.slice(-500)})`,
      () => polling || child.exitCode !== null,
      90_000,
    );
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${this.output.slice(-2000)}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child;
    if (!c) return;
    c.kill(signal);
    await exited(c);
    this.child = undefined;
  }
}
