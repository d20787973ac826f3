// The Telegram control bot, real grammY long-polling the fake Bot API, wired to the integration
// stack's PostgreSQL and Temporal with a real worker running real sessions: what an authorised chat
// is answered (numbers from the database, signals the workflows receive), that any other chat gets
// nothing, and that /kill needs its button.
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../../activities';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import { createRepositories } from '../../../infra/adapters/db';
import type { TelegramChannelConfig } from '../../../infra/adapters/notify/telegram-channel';
import { startTradingSession } from '../../../infra/services/sessions/start-session';
import { createTelegramBot, type TelegramBot } from '../../../infra/services/telegram/telegram-bot';
import { statusQuery } from '../../../workflows/definitions';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { FAKE_BOT_TOKEN, FakeTelegramApi, type SentMessage } from '../../fixtures/notify/telegram-bot-api';
import { sessionDeps, sessionInput, uniqueId, until } from '../trading/session-harness';
import { startTestWorker, type TestWorker } from '../test-worker';

jest.setTimeout(120_000);

const CHAT = 4242;
const STRANGER = 999;
const taskQueue = uniqueId('telegram-bot-');
let fake: FakeTelegramApi;
let deps: ReturnType<typeof sessionDeps>;
let worker: TestWorker;
let bot: TelegramBot;
const logs: string[] = [];

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  // 1m candles at speed 300: a cycle every 200 ms of wall time.
  deps = sessionDeps(300);
  worker = await startTestWorker({ taskQueue, activities: createActivities(deps) });
  const channel = NotificationChannelSchema.parse({
    type: 'telegram',
    botTokenEnv: 'OT_TG_TOKEN',
    // One as a string: the config may say either, the filter compares strings.
    chatIds: [String(CHAT), 777],
    apiRoot: fake.url,
  }) as TelegramChannelConfig;
  bot = createTelegramBot(
    {
      prisma: deps.prisma,
      repos: createRepositories({ prisma: deps.prisma, databaseUrl: process.env.DATABASE_URL }),
      temporal: async () => worker.client,
      channel,
      token: FAKE_BOT_TOKEN,
      log: (l) => logs.push(l),
    },
    { pollTimeoutS: 2 },
  );
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await worker?.stop();
  await deps?.close();
  await fake?.stop();
});

/** Sends `text` from `chat` and returns the bot's next message to it. */
async function ask(text: string, chat = CHAT): Promise<SentMessage> {
  const before = fake.sent(chat).length;
  fake.pushMessage(chat, text);
  return fake.waitForMessage(chat, () => true, 20_000, before);
}

const say = async (text: string) => (await ask(text)).text ?? '';

async function startSession() {
  const { sessionId: _ignored, ...input } = sessionInput('x', { maxCycles: 100_000 });
  return startTradingSession({ prisma: deps.prisma, temporal: worker.client, taskQueue }, { input });
}

const status = (id: string) => worker.client.workflow.getHandle(sessionWorkflowId(id)).query(statusQuery);

describe('the control bot', () => {
  it('registered its commands and answers /help with every one', async () => {
    const names = fake.commands.map((c) => c.command);
    expect(names).toEqual(
      expect.arrayContaining(['status', 'positions', 'balance', 'profit', 'daily', 'trades', 'sessions']),
    );
    expect(names).toEqual(expect.arrayContaining(['pause', 'resume', 'stop', 'kill', 'forceexit', 'backtest', 'help']));
    const help = await say('/help');
    for (const c of names) expect(help).toContain(`/${c}`);
    // Plain text: nothing in a reply may be read as markup.
    expect(fake.sent(CHAT).at(-1)?.parseMode).toBeUndefined();
  });

  it('an unauthorised chat gets nothing and leaves one log line naming only its chat and command', async () => {
    const before = fake.sent().length;
    fake.pushMessage(STRANGER, '/status secret-looking-argument');
    fake.pushMessage(STRANGER, '/kill');
    const press = fake.pushCallback(STRANGER, 1, 'kill-yes:abcdef');
    // An authorised question after them: once it is answered the stranger's updates were handled.
    await say('/help');
    expect(fake.sent(STRANGER)).toHaveLength(0);
    // Only the authorised chat's answer went out, and no button press was answered.
    expect(fake.sent().length).toBe(before + 1);
    expect(fake.answered.map((a) => a.id)).not.toContain(press);
    const lines = logs.filter((l) => l.includes(`chat ${STRANGER}`));
    expect(lines).toEqual([
      `telegram: ignored /status from unauthorised chat ${STRANGER}`,
      `telegram: ignored /kill from unauthorised chat ${STRANGER}`,
      `telegram: ignored a button press from unauthorised chat ${STRANGER}`,
    ]);
    expect(logs.join('\n')).not.toContain('secret-looking-argument');
  });

  it.each([
    ['/profit abc', 'days must be a whole number from 1 to 3650, not "abc"'],
    ['/trades -1', 'n must be a whole number from 1 to 50, not "-1"'],
    ['/trades 5 no-such-session', 'no trading session "no-such-session": /sessions lists them'],
    ['/pause no-such-session', 'no trading session "no-such-session": /sessions lists them'],
    ['/forceexit', 'usage: /forceexit <symbol|all> [session], e.g. /forceexit BTC/USDT'],
    ['/daily 0', 'days must be a whole number from 1 to 60, not "0"'],
    ['/frobnicate', 'unknown command /frobnicate: /help lists them'],
  ])('%s is answered with one line saying what is wrong', async (command, answer) => {
    expect(await say(command)).toBe(answer);
  });

  describe('ledger numbers from the database', () => {
    const sessionId = `tg-ledger-${randomUUID()}`;
    const now = Date.now();
    const DAY = 86_400_000;

    beforeAll(async () => {
      const p = deps.prisma;
      await p.tradingSession.create({
        data: {
          id: sessionId,
          mode: 'paper',
          exchange: 'sim',
          symbols: ['BTC/USDT', 'ETH/USDT'],
          timeframe: '1m',
          strategyName: 'ema-cross',
          strategyVersion: 0,
          status: 'completed',
          startedAt: new Date(now - 20 * DAY),
          stoppedAt: new Date(now - 60_000),
        },
      });
      const trade = (o: {
        status: string;
        entryPrice: number;
        quantity: number;
        openedAt: Date;
        symbol?: string;
        exitPrice?: number;
        pnl?: number;
        closedAt?: Date;
      }) => ({ sessionId, symbol: 'BTC/USDT', side: 'long', action: 'BUY', fee: 0, ...o });
      await p.trade.createMany({
        data: [
          trade({
            status: 'closed',
            entryPrice: 100,
            exitPrice: 90,
            quantity: 0.4,
            pnl: -4,
            openedAt: new Date(now - 11 * DAY),
            closedAt: new Date(now - 10 * DAY),
          }),
          trade({
            status: 'closed',
            entryPrice: 100,
            exitPrice: 125,
            quantity: 0.4,
            pnl: 10,
            openedAt: new Date(now - 3 * DAY),
            closedAt: new Date(now - 2 * DAY),
          }),
          trade({ symbol: 'ETH/USDT', status: 'open', entryPrice: 2000, quantity: 0.5, openedAt: new Date(now - DAY) }),
        ],
      });
      await p.position.create({
        data: {
          sessionId,
          exchange: 'sim',
          symbol: 'ETH/USDT',
          side: 'long',
          size: 0.5,
          entryPrice: 2000,
          markPrice: 2010,
          unrealizedPnl: 5,
        },
      });
      await p.equitySnapshot.createMany({
        data: [
          { sessionId, time: new Date(now - 5 * DAY), equity: 1000, cash: 1000 },
          { sessionId, time: new Date(now - 60_000), equity: 1011, cash: 6, unrealizedPnl: 5, realizedPnl: 6 },
        ],
      });
    });

    it('/trades lists the newest first with their PnL', async () => {
      const lines = (await say(`/trades 2 ${sessionId}`)).split('\n');
      expect(lines[0]).toBe('2 newest trades:');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/ ETH\/USDT long open 0.5 @ 2000 \(session /);
      expect(lines[2]).toMatch(/ BTC\/USDT long closed 0.4 @ 100 → 125 PnL \+10.00 \(session /);
    });

    it('/profit sums the closed trades of the days asked, or of all', async () => {
      expect(await say(`/profit 5 ${sessionId}`)).toBe(
        [
          `profit over the last 5 days of session ${sessionId}: +10.00 from 1 closed trade`,
          '  1 won, 0 lost, win rate 100.0%',
          '  best 10.00, worst 10.00',
        ].join('\n'),
      );
      expect(await say(`/profit all ${sessionId}`)).toBe(
        [
          `profit over all closed trades of session ${sessionId}: +6.00 from 2 closed trades`,
          '  1 won, 1 lost, win rate 50.0%',
          '  best 10.00, worst -4.00',
        ].join('\n'),
      );
    });

    it('/daily puts each closed trade on its UTC day', async () => {
      const day = (ago: number) => new Date(Math.floor(now / DAY) * DAY - ago * DAY).toISOString().slice(0, 10);
      expect(await say(`/daily 3 ${sessionId}`)).toBe(
        [
          `daily PnL, last 3 days (UTC) of session ${sessionId}:`,
          `${day(0)}  0.00  0 trades`,
          `${day(1)}  0.00  0 trades`,
          `${day(2)}  +10.00  1 trade`,
        ].join('\n'),
      );
    });

    it('/positions and /balance quote the rows', async () => {
      expect(await say(`/positions ${sessionId}`)).toBe(
        `1 open:\nETH/USDT long 0.5 @ 2000, mark 2010.00, uPnL +5.00 (session ${sessionId})`,
      );
      // PnL today from the last point before today (the first one), total since the first.
      expect(await say(`/balance ${sessionId}`)).toBe(
        `${sessionId}: equity 1011.00, cash 6.00, PnL today +11.00, total +11.00`,
      );
    });

    it('/backtest summarises the newest run', async () => {
      const runId = `tg-bt-${randomUUID()}`;
      const repos = createRepositories({ prisma: deps.prisma, databaseUrl: process.env.DATABASE_URL });
      await repos.backtestRuns.createRun({
        id: runId,
        strategy: 'ema-cross',
        version: null,
        params: {},
        exchange: 'sim',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        fromMs: Date.UTC(2026, 0, 1),
        toMs: Date.UTC(2026, 1, 1),
        workflowId: `backtest-${runId}`,
        request: {},
      });
      const text = await say('/backtest');
      expect(text.split('\n')).toEqual([
        `backtest ${runId}: queued`,
        '  ema-cross on sim BTC/USDT 1h, 2026-01-01 00:00 → 2026-02-01 00:00',
      ]);
    });
  });

  describe('sessions and their signals', () => {
    let first = '';
    beforeAll(async () => {
      first = (await startSession()).sessionId;
      await until('the first cycles', async () => (await status(first)).state.cyclesRun >= 2);
    });

    it('/sessions and /status show the running session with its live state', async () => {
      expect(await say('/sessions')).toMatch(
        new RegExp(`^${first}  running paper sim BTC/USDT 1m ema-cross since `, 'm'),
      );
      const text = await say(`/status ${first}`);
      const cycles = Number(/cycles (\d+)/.exec(text)?.[1]);
      expect(text.split('\n')[0]).toBe(`session ${first}: running`);
      expect(text).toContain('  paper sim BTC/USDT 1m ema-cross');
      // The cycle count is the workflow's own, read by its status query.
      expect(cycles).toBeGreaterThanOrEqual(2);
    });

    it('/pause then /resume go through the real signals', async () => {
      expect(await say(`/pause ${first}`)).toBe(`pause sent to session ${first}: no new entries until /resume`);
      const paused = await until('paused', async () => {
        const s = await status(first);
        return s.state.status === 'paused' && s;
      });
      expect(paused.state.pauseReason).toBe(`telegram /pause from chat ${CHAT}`);
      expect(await say(`/resume ${first}`)).toBe(`resume sent to session ${first}: new entries allowed again`);
      await until('running again', async () => (await status(first)).state.status === 'running');
    });

    it('/forceexit refuses a symbol the session does not trade', async () => {
      expect(await say(`/forceexit DOGE/USDT ${first}`)).toBe(
        `session "${first}" trades BTC/USDT, not DOGE/USDT (name one of its symbols or all)`,
      );
    });

    it('/forceexit sends the forceExit signal with the symbol as the session names it', async () => {
      expect(await say(`/forceexit btc/usdt ${first}`)).toBe(`force exit of BTC/USDT sent to session ${first}`);
      // The session may have continued as new since: look through every run of it.
      const signals = await until('the forceExit signal in the history', async () => {
        const found = [];
        for await (const run of worker.client.workflow.list({ query: `WorkflowId = '${sessionWorkflowId(first)}'` })) {
          const history = await worker.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
          found.push(
            ...(history.events ?? [])
              .map((e) => e.workflowExecutionSignaledEventAttributes)
              .filter((a) => a?.signalName === 'forceExit'),
          );
        }
        return found.length > 0 && found;
      });
      expect(signals).toHaveLength(1);
      const payloads = signals[0]!.input?.payloads ?? [];
      const args = payloads.map((p) => JSON.parse(Buffer.from(p.data!).toString('utf8')));
      expect(args).toEqual(['BTC/USDT', `telegram /forceexit from chat ${CHAT}`]);
    });

    it('with several sessions running, a command without a session lists them and asks for one', async () => {
      const second = (await startSession()).sessionId;
      const text = await say('/pause');
      expect(text).toMatch(/^\d+ sessions are running; name one: \/pause <session>$/m);
      expect(text).toContain(`  ${first}  BTC/USDT 1m ema-cross`);
      expect(text).toContain(`  ${second}  BTC/USDT 1m ema-cross`);
      // Nothing was paused.
      expect((await status(first)).state.status).toBe('running');
      await worker.client.workflow.getHandle(sessionWorkflowId(second)).terminate('test over');
      await deps.prisma.tradingSession.update({ where: { id: second }, data: { status: 'failed' } });
    });

    it('/kill asks first; only the confirm button from the asking chat sends the kill', async () => {
      const question = await ask(`/kill ${first}`);
      expect(question.text).toMatch(new RegExp(`^kill session ${first} \\(BTC/USDT\\)\\? `));
      const buttons = (question.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] })
        .inline_keyboard[0];
      expect(buttons.map((b) => b.text)).toEqual(['Confirm kill', 'Cancel']);
      const confirm = buttons[0].callback_data;

      // A stranger pressing it (a forwarded message) is ignored: no answer, no kill.
      fake.pushCallback(STRANGER, question.messageId, confirm);
      // A press of an unknown confirmation is refused.
      const stale = fake.pushCallback(CHAT, question.messageId, 'kill-yes:0123456789ab');
      await until('the stale press answered', async () => fake.answered.find((a) => a.id === stale));
      expect(fake.answered.find((a) => a.id === stale)?.text).toBe(
        'this confirmation expired or was used: send /kill again',
      );
      expect((await status(first)).state.status).toBe('running');
      expect(fake.sent(STRANGER)).toHaveLength(0);

      const press = fake.pushCallback(CHAT, question.messageId, confirm);
      await until('the press answered', async () => fake.answered.find((a) => a.id === press));
      const edited = await fake.waitForMessage(CHAT, (m) => m.method === 'editMessageText');
      expect(edited).toMatchObject({
        messageId: question.messageId,
        text: `kill sent to session ${first}: its orders are cancelled and its positions closed`,
      });
      const result = await worker.client.workflow.getHandle(sessionWorkflowId(first)).result();
      expect(result.status).toBe('killed');
      expect(result.state.pauseReason ?? '').not.toContain(FAKE_BOT_TOKEN);

      // The same button again does nothing more.
      const again = fake.pushCallback(CHAT, question.messageId, confirm);
      await until('the second press answered', async () => fake.answered.find((a) => a.id === again));
      expect(fake.answered.find((a) => a.id === again)?.text).toBe(
        'this confirmation expired or was used: send /kill again',
      );
    });
  });

  it('no reply and no log line carries the bot token', () => {
    const everything = JSON.stringify(fake.sent()) + logs.join('\n');
    expect(everything.includes(FAKE_BOT_TOKEN)).toBe(false);
  });
});
