import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { echoLine } from '../../../infra/stack/echo-line';
import { Supervisor, type Clock } from '../../../infra/stack/supervisor';

/** A clock the test moves by hand: restart delays are recorded, and fired when the test says so. */
class FakeClock implements Clock {
  time = 0;
  pending: { fn: () => void; ms: number }[] = [];
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const entry = { fn, ms };
    this.pending.push(entry);
    return entry;
  };
  clearTimeout = (handle: unknown) => {
    this.pending = this.pending.filter((p) => p !== handle);
  };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Supervisor restart backoff', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-supervisor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts over after a child ran healthy, so a crash after a long run restarts quickly', async () => {
    const clock = new FakeClock();
    const logs: string[] = [];
    const supervisor = new Supervisor(dir, (l) => logs.push(l), undefined, clock);
    // The fake child idles until the test kills it: each kill is one crash.
    await supervisor.start({ name: 'fake', command: process.execPath, args: ['-e', 'setInterval(() => {}, 60000)'] });

    /** Lets the child run for runMs of clock time, crashes it, and returns the restart line logged. */
    const crashAfter = async (runMs: number): Promise<string> => {
      clock.time += runMs;
      const logged = logs.length;
      process.kill(supervisor.get('fake')!.pid!, 'SIGKILL');
      await until(() => logs.length > logged && clock.pending.length === 1);
      const restart = clock.pending.shift()!;
      clock.time += restart.ms;
      restart.fn();
      return logs[logs.length - 1];
    };

    try {
      const quick: string[] = [];
      for (let i = 0; i < 6; i++) quick.push(await crashAfter(100));
      expect(quick.map((l) => l.match(/restarting in (\S+) s/)![1])).toEqual(['1', '2', '4', '8', '16', '30']);

      expect(await crashAfter(180_000)).toMatch(/restarting in 1 s \(restart #7,/);
      // The backoff grows again from there when the crashes come quickly once more.
      expect(await crashAfter(100)).toMatch(/restarting in 2 s \(restart #8,/);
    } finally {
      await supervisor.stopAll();
    }
  });

  it('does not restart a child that exits with one of its fatal codes, and start() says it never became ready', async () => {
    const clock = new FakeClock();
    const logs: string[] = [];
    const supervisor = new Supervisor(dir, (l) => logs.push(l), undefined, clock);
    const start = supervisor.start({
      name: 'refuses',
      command: process.execPath,
      args: ['-e', 'console.error("the model file /x does not exist"); process.exit(78)'],
      ready: async () => false,
      readyTimeoutMs: 20_000,
      fatalExitCodes: [78],
    });
    await expect(start).rejects.toThrow(/refuses did not become ready/);
    // No restart is scheduled: it would only refuse again.
    expect(clock.pending).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/refuses refused to start \(exit 78\); not restarting it/);
    expect(supervisor.get('refuses')?.lastOutput()).toContain('the model file /x does not exist');
    await supervisor.stopAll();
  });

  it("echoes a child's lines under its name once, also when the child names itself", async () => {
    const supervisor = new Supervisor(dir, () => {}, undefined, new FakeClock());
    const echoed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      echoed.push(String(chunk));
      return true;
    });
    try {
      // The gateway's own logger writes `[gateway] …`.
      await supervisor.start({
        name: 'gateway',
        command: process.execPath,
        args: ['-e', 'console.log("[gateway] listening"); console.log("plain line"); setInterval(() => {}, 60000)'],
        echo: true,
      });
      await until(() => echoed.join('').includes('plain line'));
    } finally {
      write.mockRestore();
      await supervisor.stopAll();
    }
    expect(echoed.join('')).toBe('[gateway] listening\n[gateway] plain line\n');
  });
});

describe('Supervisor console and log files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-supervisor-console-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows a child's lines at the console's level, one line each, and keeps all of them in its log file", async () => {
    const shown: string[] = [];
    const supervisor = new Supervisor(dir, () => {}, undefined, new FakeClock(), {
      console: { level: 'info', format: 'pretty', write: (l) => shown.push(l) },
    });
    const lines = [
      { time: 1, level: 20, name: 'worker', msg: 'Activity started', workflowId: 'session-1' },
      {
        time: 2,
        level: 40,
        name: 'worker',
        msg: 'Activity failed',
        workflowId: 'session-1',
        activityType: 'placeOrder',
        attempt: 2,
        err: { type: 'Error', message: 'rejected', stack: 'Error: rejected\n    at x' },
      },
    ];
    const script = `${lines.map((l) => `console.log(${JSON.stringify(JSON.stringify(l))});`).join('')} console.log("[info] plain"); setInterval(() => {}, 60000)`;
    try {
      await supervisor.start({ name: 'worker', command: process.execPath, args: ['-e', script], echo: true });
      await until(() => shown.some((l) => l.includes('plain')));
    } finally {
      await supervisor.stopAll();
    }
    expect(shown).toEqual([
      '[worker] WARN Activity failed: rejected (workflowId=session-1 activityType=placeOrder attempt=2)',
      '[worker] plain',
    ]);
    const file = readFileSync(path.join(dir, 'worker.log'), 'utf8');
    expect(file).toContain('"msg":"Activity started"');
    expect(file).toContain('Error: rejected');
  });

  it("folds a child's multi-line error into one console line: its first and last line", async () => {
    const shown: string[] = [];
    const supervisor = new Supervisor(dir, () => {}, undefined, new FakeClock(), {
      console: { level: 'info', format: 'pretty', write: (l) => shown.push(l) },
    });
    // What the gateway's logger writes for a Prisma error: one write, many lines.
    const error = [
      '[gateway] error: GET /api/v1/sessions failed: PrismaClientKnownRequestError:',
      'Invalid `prisma.tradingSession.findMany()` invocation in',
      '/work/main/api/routes/sessions-routes.ts:151:55',
      "Can't reach database server at 127.0.0.1:39815",
      '    at async Object.handler (/work/main/api/routes/sessions-routes.ts:151:22)',
      '[gateway] GET /api/v1/health 200',
    ].join('\n');
    try {
      await supervisor.start({
        name: 'gateway',
        command: process.execPath,
        args: ['-e', `process.stdout.write(${JSON.stringify(`${error}\n`)}); setInterval(() => {}, 60000)`],
        echo: true,
      });
      await until(() => shown.length === 2);
    } finally {
      await supervisor.stopAll();
    }
    expect(shown).toEqual([
      `[gateway] ERROR GET /api/v1/sessions failed: PrismaClientKnownRequestError: … Can't reach database server at 127.0.0.1:39815 (+4 lines in ${path.join(dir, 'gateway.log')})`,
      '[gateway] GET /api/v1/health 200',
    ]);
  });

  it('writes JSON lines with the child named, and rotates the log file', async () => {
    const shown: string[] = [];
    const supervisor = new Supervisor(dir, () => {}, undefined, new FakeClock(), {
      console: { level: 'debug', format: 'json', write: (l) => shown.push(l) },
      rotation: { maxBytes: 200, keep: 1 },
    });
    try {
      await supervisor.start({
        name: 'chatty',
        command: process.execPath,
        args: ['-e', 'for (let i = 0; i < 20; i++) console.log("[debug] line " + i); setInterval(() => {}, 60000)'],
        echo: true,
      });
      await until(() => shown.length === 20);
    } finally {
      await supervisor.stopAll();
    }
    expect(shown.map((l) => JSON.parse(l)).map((o) => [o.level, o.child, o.msg])[19]).toEqual([
      20,
      'chatty',
      'line 19',
    ]);
    expect(existsSync(path.join(dir, 'chatty.log.1'))).toBe(true);
    expect(existsSync(path.join(dir, 'chatty.log.2'))).toBe(false);
  });
});

describe('echoLine', () => {
  it.each([
    ['gateway', '[gateway] listening', '[gateway] listening'],
    ['gateway', 'listening', '[gateway] listening'],
    // another child's label, or a name that only starts the same, is not this child's
    ['gateway', '[gateway-2] up', '[gateway] [gateway-2] up'],
    ['worker', '[gateway] x', '[worker] [gateway] x'],
  ])('%s: %p → %p', (name, line, shown) => {
    expect(echoLine(name, line)).toBe(shown);
  });
});
