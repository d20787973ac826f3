import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { echoLine } from './echo-line';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Resolves true once the child serves; start() waits for it. */
  ready?: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Restart when the child exits unexpectedly (default true). */
  restart?: boolean;
  /** Exit codes that say the child's configuration is wrong: restarting would fail the same way. */
  fatalExitCodes?: readonly number[];
  stopSignal?: NodeJS.Signals;
  stopTimeoutMs?: number;
  /** Echo the child's output to our stdout with a [name] prefix. */
  echo?: boolean;
}

type Log = (line: string) => void;

/** Restart delays double from the first to the longest while a child keeps crashing. */
const FIRST_RESTART_DELAY_MS = 1000;
const LONGEST_RESTART_DELAY_MS = 30_000;
/**
 * A child that ran this long before it exited was healthy: its crash starts a new series at the
 * first delay instead of paying for crashes long past. As long as a child is given to become ready,
 * so one that fails while starting up keeps backing off.
 */
export const HEALTHY_RUN_MS = 60_000;
/** How much of a child's latest output lastOutput() keeps. */
const TAIL_CHARS = 2000;

/** What the restart backoff reads and schedules with; tests step a fake one through hours of crashes. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs children, restarts the ones that crash (with a backoff that a healthy run resets, logged),
 * and stops them in reverse start order. Output goes to <logDir>/<name>.log. We supervise here only
 * because the embedded stack is one command on a laptop; production runs each process under its
 * own orchestrator.
 */
export class Supervisor {
  private readonly children = new Map<string, SupervisedChild>();
  private readonly order: string[] = [];
  constructor(
    private readonly logDir: string,
    private readonly log: Log = (l) => process.stdout.write(`[up] ${l}\n`),
    /** Called with every (re)spawn, so the current pids can be recorded for other tools. */
    private readonly onSpawn: (name: string, pid: number | undefined) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** name → pid of every running child. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.children].map(([name, c]) => [name, c.pid]));
  }

  async start(spec: ChildSpec): Promise<SupervisedChild> {
    const logFile = path.join(this.logDir, `${spec.name}.log`);
    const child = new SupervisedChild(spec, logFile, this.log, this.onSpawn, this.clock);
    this.children.set(spec.name, child);
    this.order.push(spec.name);
    await child.start();
    return child;
  }

  get(name: string): SupervisedChild | undefined {
    return this.children.get(name);
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.order].reverse()) {
      await this.children.get(name)?.stop();
    }
  }
}

export class SupervisedChild {
  private proc?: ChildProcess;
  private stopping = false;
  private out: WriteStream;
  /** Restarts since start(), for the log. */
  restarts = 0;
  /** Quick crashes in a row: what the backoff grows with. */
  private crashStreak = 0;
  private spawnedAt = 0;
  private restartTimer?: unknown;
  private tail = '';

  constructor(
    readonly spec: ChildSpec,
    readonly logFile: string,
    private readonly log: Log,
    private readonly onSpawn: (name: string, pid: number | undefined) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {
    this.out = createWriteStream(logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  async start(): Promise<void> {
    this.spawnOnce();
    if (this.spec.ready) await this.waitReady();
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + (this.spec.readyTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (this.proc?.exitCode != null && !this.restartTimer) break;
      if (await this.spec.ready!().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.spec.name} did not become ready; its log is ${this.logFile}`);
  }

  /** The child's own last words, for a one-line report of why it would not start. */
  lastOutput(): string {
    return this.tail.trim();
  }

  private spawnOnce(): void {
    const { command, args, env, cwd, uid, gid, name } = this.spec;
    this.out.write(`\n--- ${new Date().toISOString()} starting ${name}: ${command} ${args.join(' ')}\n`);
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop children in order.
    const proc = spawn(command, args, {
      env: env ?? process.env,
      cwd,
      uid,
      gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.proc = proc;
    this.spawnedAt = this.clock.now();
    this.onSpawn(name, proc.pid);
    const forward = (chunk: Buffer) => {
      this.out.write(chunk);
      this.tail = (this.tail + chunk.toString()).slice(-TAIL_CHARS);
      if (this.spec.echo) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) process.stdout.write(`${echoLine(name, line)}\n`);
      }
    };
    proc.stdout?.on('data', forward);
    proc.stderr?.on('data', forward);
    proc.on('error', (e) => this.out.write(`spawn error: ${e.message}\n`));
    proc.on('exit', (code, signal) => {
      this.out.write(`--- ${new Date().toISOString()} ${name} exited code=${code} signal=${signal}\n`);
      if (this.stopping || this.spec.restart === false) return;
      if (code !== null && this.spec.fatalExitCodes?.includes(code)) {
        this.log(`${name} refused to start (exit ${code}); not restarting it: ${this.logFile} says why`);
        return;
      }
      if (this.clock.now() - this.spawnedAt >= HEALTHY_RUN_MS) this.crashStreak = 0;
      const delay = Math.min(LONGEST_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** this.crashStreak);
      this.crashStreak += 1;
      this.restarts += 1;
      this.log(
        `${name} exited (code ${code ?? '-'}, signal ${signal ?? '-'}); restarting in ${delay / 1000} s (restart #${this.restarts}, log ${this.logFile})`,
      );
      this.restartTimer = this.clock.setTimeout(() => {
        this.restartTimer = undefined;
        if (!this.stopping) this.spawnOnce();
      }, delay);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) this.clock.clearTimeout(this.restartTimer);
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill(this.spec.stopSignal ?? 'SIGTERM');
      const timeout = new Promise<'timeout'>((r) =>
        setTimeout(() => r('timeout'), this.spec.stopTimeoutMs ?? 15_000).unref(),
      );
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        this.log(`${this.spec.name} did not stop in time; killing it`);
        proc.kill('SIGKILL');
        await exited;
      }
    }
    await new Promise<void>((r) => this.out.end(r));
  }
}
