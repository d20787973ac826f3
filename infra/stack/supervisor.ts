import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { echoLine } from './echo-line';
import { levelEnabled, type LogLevelName } from './logging/levels';
import { formatRecord, parseChildLine, type LogFormat } from './logging/log-record';
import { RotatingFile, type RotationOptions } from './logging/rotating-file';

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
  /** Echo the child's output to the console (at the console's level) under its name. */
  echo?: boolean;
}

/** What the supervisor itself reports: restarts and refusals at warn, the rest at info. */
type Log = (line: string, level?: LogLevelName) => void;

/** Where echoed child lines go: the ones at or above `level`, as a person's lines or as JSON. */
export interface ConsoleSink {
  level: LogLevelName;
  format: LogFormat;
  /** Gets one line, without its newline. */
  write(line: string): void;
}

export interface SupervisorOptions {
  /** Default: stdout, info, pretty. */
  console?: ConsoleSink;
  /** Each child's log file is rotated by size (default at 10 MB, keeping 3). */
  rotation?: RotationOptions;
}

export const stdoutConsole: ConsoleSink = {
  level: 'info',
  format: 'pretty',
  write: (line) => process.stdout.write(`${line}\n`),
};

/** One child's state, for the status block. */
export interface ChildState {
  name: string;
  pid?: number;
  restarts: number;
  /** Exited and waiting for its restart. */
  restarting: boolean;
  /** Exited for good: a fatal exit code, or restart: false. */
  down: boolean;
  lastExit?: { code: number | null; signal: string | null; at: number };
}

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
 * and stops them in reverse start order. All output goes to <logDir>/<name>.log (rotated); echoed
 * children's lines also go to the console when at its level. We supervise here only
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
    private readonly options: SupervisorOptions = {},
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Every child's state, in start order. */
  states(): ChildState[] {
    return this.order.flatMap((n) => {
      const c = this.children.get(n);
      return c ? [c.state()] : [];
    });
  }

  /** name → pid of every running child. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.children].map(([name, c]) => [name, c.pid]));
  }

  async start(spec: ChildSpec): Promise<SupervisedChild> {
    const logFile = path.join(this.logDir, `${spec.name}.log`);
    const child = new SupervisedChild(spec, logFile, this.log, this.onSpawn, this.clock, this.options);
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
  private out: RotatingFile;
  /** Restarts since start(), for the log. */
  restarts = 0;
  /** Quick crashes in a row: what the backoff grows with. */
  private crashStreak = 0;
  private spawnedAt = 0;
  private restartTimer?: unknown;
  private tail = '';
  private down = false;
  private lastExit?: ChildState['lastExit'];
  private readonly console: ConsoleSink;

  constructor(
    readonly spec: ChildSpec,
    readonly logFile: string,
    private readonly log: Log,
    private readonly onSpawn: (name: string, pid: number | undefined) => void = () => {},
    private readonly clock: Clock = systemClock,
    options: SupervisorOptions = {},
  ) {
    this.out = new RotatingFile(logFile, options.rotation);
    this.console = options.console ?? stdoutConsole;
  }

  state(): ChildState {
    return {
      name: this.spec.name,
      pid: this.proc?.exitCode === null && this.proc.signalCode === null ? this.proc.pid : undefined,
      restarts: this.restarts,
      restarting: this.restartTimer !== undefined,
      down: this.down,
      lastExit: this.lastExit,
    };
  }

  /**
   * Complete lines of the child's output (one read): to the console when echoed and at its level.
   * A warning or error a child wrote over several lines (an error with its stack, Prisma's
   * multi-line messages) is one console line: its first and last line, the rest in the log file
   * (and on a debug console).
   */
  private echoLines(lines: string[]): void {
    if (!this.spec.echo) return;
    const label = `[${this.spec.name}] `;
    const labelled = (l: string) => l.startsWith(label);
    const continues = (head: string, l: string) =>
      !l.trim().startsWith('{') && (labelled(head) ? !labelled(l) : /^\s+\S|^at /.test(l));
    for (let i = 0; i < lines.length; i++) {
      const head = lines[i];
      if (!head.trim()) continue;
      const r = parseChildLine(head, this.spec.name, this.clock.now());
      const more: string[] = [];
      if (r.level >= 40 && !head.trim().startsWith('{'))
        while (i + 1 < lines.length && continues(head, lines[i + 1])) more.push(lines[++i]);
      this.echo(head, r, more);
    }
  }

  private echo(line: string, r: ReturnType<typeof parseChildLine>, more: string[]): void {
    if (!levelEnabled(r.level, this.console.level)) return;
    const debug = levelEnabled('debug', this.console.level);
    const detail = more.map((l) => l.trim()).filter(Boolean);
    if (detail.length && !debug) {
      const last = [...detail].reverse().find((l) => !l.startsWith('at ')) ?? detail[detail.length - 1];
      r = { ...r, msg: `${r.msg} … ${last} (+${detail.length} lines in ${this.logFile})` };
    } else if (detail.length) r = { ...r, msg: `${r.msg}\n${more.join('\n')}` };
    // A plain info line is shown as the child printed it, under its name once.
    const plain = this.console.format === 'pretty' && !line.trim().startsWith('{') && r.level === 30;
    this.console.write(
      plain ? echoLine(this.spec.name, r.msg) : formatRecord(r, { format: this.console.format, stack: debug }),
    );
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
    // Per stream, the start of a line whose end has not come yet.
    const forward = () => {
      let partial = '';
      return {
        data: (chunk: Buffer) => {
          this.out.write(chunk);
          this.tail = (this.tail + chunk.toString()).slice(-TAIL_CHARS);
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop() ?? '';
          this.echoLines(lines);
        },
        end: () => {
          if (partial) this.echoLines([partial]);
          partial = '';
        },
      };
    };
    const stdout = forward();
    const stderr = forward();
    proc.stdout?.on('data', stdout.data).on('end', stdout.end);
    proc.stderr?.on('data', stderr.data).on('end', stderr.end);
    proc.on('error', (e) => this.out.write(`spawn error: ${e.message}\n`));
    proc.on('exit', (code, signal) => {
      this.out.write(`--- ${new Date().toISOString()} ${name} exited code=${code} signal=${signal}\n`);
      this.lastExit = { code, signal, at: this.clock.now() };
      if (this.stopping) return;
      if (this.spec.restart === false) {
        this.down = true;
        return;
      }
      if (code !== null && this.spec.fatalExitCodes?.includes(code)) {
        this.down = true;
        this.log(`${name} refused to start (exit ${code}); not restarting it: ${this.logFile} says why`, 'warn');
        return;
      }
      if (this.clock.now() - this.spawnedAt >= HEALTHY_RUN_MS) this.crashStreak = 0;
      const delay = Math.min(LONGEST_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** this.crashStreak);
      this.crashStreak += 1;
      this.restarts += 1;
      this.log(
        `${name} exited (code ${code ?? '-'}, signal ${signal ?? '-'}); restarting in ${delay / 1000} s (restart #${this.restarts}, log ${this.logFile})`,
        'warn',
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
        this.log(`${this.spec.name} did not stop in time; killing it`, 'warn');
        proc.kill('SIGKILL');
        await exited;
      }
    }
    this.out.close();
  }
}
