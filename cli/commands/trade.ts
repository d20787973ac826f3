// `opentrade trade`: starts a paper or live trading session (the tradingSession workflow) after
// validating everything it can, and `trade list|status|pause|resume|stop|kill <id>` to manage one.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { createPrisma } from '../../infra/adapters/db';
import { ConfirmationRequiredError, NotFoundError, UnavailableError, ValidationError } from '../../core/errors';
import { ExchangeRegistry } from '../../infra/adapters/exchange/exchange-registry';
import { simExchangeFactory } from '../../infra/adapters/exchange/sim-factory';
import { killSignal, pauseSignal, resumeSignal, statusQuery, stopSignal } from '../../workflows/definitions';
import { sessionWorkflowId, type SessionStatus } from '../../workflows/trading-contract';
import { runAction } from '../util/run-action';
import { sessionStatusJson, sessionStatusLines } from '../util/session-status-text';
import { sessionOptionsOf, type SessionOptions } from '../../infra/services/sessions/session-options';
import { withTimeout } from '../../infra/stack/doctor/check';
import { DECISION_MODES, DEFAULT_DECISION_MODE } from '../../core/pipeline/decision-mode';
import { MAX_TRAILING_STOP_PCT } from '../../core/exits/trailing-stop';
import { ensureSimSpeed } from '../../infra/services/sessions/sim-speed';
import { startTradingSession } from '../../infra/services/sessions/start-session';
import { validateTrade, type TradeFlags } from '../../infra/services/sessions/validate-trade';
import { temporalUiLink } from '../../infra/adapters/temporal-ui-link';
import { forceExitSession } from '../../infra/services/sessions/session-signals';
import { redundantSignal } from '../../infra/services/sessions/redundant-signal';
import { STATUS_TIMEOUT_MS } from '../../infra/services/sessions/session-reads';

type Out = { json?: boolean };

/** The status query answers within 2 s when a worker runs; the row read gets as long. */
const ROW_TIMEOUT_MS = 2000;

function requireConfig() {
  if (!existsSync(configPath()))
    throw new NotFoundError(`no config file at ${configPath()}`, { hint: 'run `opentrade init` first' });
  return loadConfig();
}

async function withClient<T>(
  fn: (client: Client, ctx: { namespace: string; uiUrl?: string }) => Promise<T>,
): Promise<T> {
  const config = requireConfig();
  const endpoints = resolveEndpoints(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: endpoints.temporalAddress, connectTimeout: '5 seconds' });
  } catch (e) {
    throw new UnavailableError(
      'Temporal',
      `cannot reach Temporal at ${endpoints.temporalAddress}: ${(e as Error).message}`,
      { hint: 'start the stack with `opentrade up`', cause: e },
    );
  }
  try {
    return await fn(new Client({ connection, namespace: config.temporal.namespace }), {
      namespace: config.temporal.namespace,
      uiUrl: endpoints.temporalUiUrl,
    });
  } finally {
    await connection.close();
  }
}

async function startSession(flags: TradeFlags & Out): Promise<void> {
  const config = requireConfig();
  // Validation opens the sim market, which stores its clock on first use: it must be stored at the
  // requested speed, not the default (validateTrade rejects a malformed --speed itself).
  if (flags.speed !== undefined && Number(flags.speed) > 0 && process.env.OPENTRADE_SIM_SPEED === undefined) {
    process.env.OPENTRADE_SIM_SPEED = String(Number(flags.speed));
  }
  const registry = new ExchangeRegistry(config.exchanges, process.env, {
    factories: { sim: (c) => simExchangeFactory(c) },
  });
  let validated;
  try {
    validated = await validateTrade(flags, config, process.env, (name) =>
      name === 'sim' && !config.exchanges.some((x) => x.id === 'sim' || x.name === 'sim')
        ? Promise.resolve(simExchangeFactory({ market: 'spot' }))
        : registry.get(name),
    );
  } finally {
    await registry.close();
  }
  if (validated.speed !== undefined) ensureSimSpeed(validated.speed);
  const { sessionId, workflowId, input, link } = await withClient(async (client, ctx) => {
    const prisma = createPrisma(resolveEndpoints(config).databaseUrl);
    try {
      const started = await startTradingSession({ prisma, temporal: client }, validated);
      return { ...started, link: temporalUiLink(ctx.uiUrl, ctx.namespace, started.workflowId) };
    } finally {
      await prisma.$disconnect();
    }
  });
  if (flags.json)
    process.stdout.write(
      `${JSON.stringify({ sessionId, workflowId, mode: input.mode, exchange: input.exchange, symbols: input.symbols, decide: input.decide, ui: link ?? null })}\n`,
    );
  else
    process.stdout.write(
      `session ${sessionId} started (${input.mode} ${input.exchange} ${input.symbols.join(',')} ${input.timeframe} ${input.strategy.name}, decides by ${input.decide})\n${link ? `Temporal UI: ${link}\n` : ''}`,
    );
}

/** The options the session was started with; undefined when its row cannot be read in time. */
async function readSessionOptions(id: string): Promise<SessionOptions | undefined> {
  const prisma = createPrisma(resolveEndpoints(requireConfig()).databaseUrl);
  try {
    const row = await withTimeout(
      'the session row',
      ROW_TIMEOUT_MS,
      prisma.tradingSession.findUnique({ where: { id }, select: { config: true } }),
    );
    return row ? sessionOptionsOf(row.config) : undefined;
  } catch {
    // The status comes from Temporal; a database that is down only costs the options' line.
    return undefined;
  } finally {
    await prisma.$disconnect();
  }
}

function printStatus(s: SessionStatus, options: SessionOptions | undefined, json?: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify(sessionStatusJson(s, options))}\n`);
  process.stdout.write(`${sessionStatusLines(s, options).join('\n')}\n`);
}

async function confirmKill(id: string): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new ConfirmationRequiredError('kill needs confirmation: run with --yes (no terminal to ask on)');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`kill session ${id}: cancel its open orders and close its positions? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function signalCommand(
  program: Command,
  asJson: (o: Out) => boolean,
  name: 'pause' | 'resume' | 'stop' | 'kill',
  description: string,
): void {
  const cmd = program
    .command(`${name} <id>`)
    .description(description)
    .option('--json', 'print one JSON object')
    .option('--reason <text>', 'recorded with the signal');
  if (name === 'kill') cmd.option('--yes', 'do not ask for confirmation');
  cmd.action(
    runAction(async (id: string, o: Out & { reason?: string; yes?: boolean }) => {
      if (name === 'kill' && !o.yes && !(await confirmKill(id)))
        throw new ConfirmationRequiredError('kill not confirmed: nothing was done');
      const already = await withClient(async (client) => {
        const h = client.workflow.getHandle(sessionWorkflowId(id));
        await h.describe().catch(() => {
          throw new NotFoundError(`no trading session "${id}"`, { hint: 'see `opentrade trade list`' });
        });
        if (name === 'pause' || name === 'resume') {
          // Without a worker the query gets no answer: the signal is sent as before (it waits in history).
          const status = await withTimeout('the session status query', STATUS_TIMEOUT_MS, h.query(statusQuery)).catch(
            () => undefined,
          );
          const line = status && redundantSignal(id, name, status.state.status);
          if (line) return { line, status: status.state.status };
        }
        if (name === 'pause') await h.signal(pauseSignal, o.reason);
        else if (name === 'resume') await h.signal(resumeSignal);
        else if (name === 'stop') await h.signal(stopSignal, o.reason);
        else await h.signal(killSignal, o.reason);
        return undefined;
      });
      if (already) {
        if (asJson(o))
          process.stdout.write(
            `${JSON.stringify({ sessionId: id, signal: name, sent: false, status: already.status })}\n`,
          );
        else process.stdout.write(`${already.line}\n`);
        return;
      }
      if (asJson(o)) process.stdout.write(`${JSON.stringify({ sessionId: id, signal: name, sent: true })}\n`);
      else process.stdout.write(`${name} sent to session ${id}\n`);
    }),
  );
}

export function registerTradeCommand(program: Command): void {
  const trade = program
    .command('trade')
    .description('start a paper or live trading session, or manage one (list, status, pause, resume, stop, kill)')
    .option('--mode <mode>', 'paper or live', 'paper')
    .option('--exchange <id>', 'a configured exchange id/name, or sim', 'sim')
    .option(
      '--symbol <symbol>',
      'market to trade, e.g. BTC/USDT (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--timeframe <tf>', 'candle timeframe the session decides on', '1m')
    .option('--strategy <name>', 'built-in strategy id or strategy file')
    .option('--params <json>', 'strategy parameters as JSON')
    .option('--speed <n>', 'sim market speed (sim time per wall time); fixed once the sim clock is stored')
    .option('--cycles <n>', 'stop after this many cycles per symbol')
    .option(
      '--decide <mode>',
      `who decides trades: ${DECISION_MODES.join(' or ')} (strategy: the strategy's advice, which the analysts may veto or shrink; ensemble: the coordinator from every analyst's signal)`,
      DEFAULT_DECISION_MODE,
    )
    .option(
      '--protect <spec>',
      'a protection that locks new entries (repeatable, one per kind): ' +
        'stoploss-guard:lookback=60,limit=3,duration=30[,per-pair] | ' +
        'max-drawdown:lookback=200,limit=5,duration=60,max=10 | cooldown:duration=5 | ' +
        'low-profit:lookback=300,limit=2,duration=60,required=-1 (lookback and duration in candles, max and required in %)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--trailing-stop <pct>',
      `trail a stop this many percent (> 0, <= ${MAX_TRAILING_STOP_PCT}) behind the best price since entry`,
    )
    .option(
      '--agents <spec>',
      "what the agents think with: deterministic, llm or hybrid for all, or e.g. market=llm,coordinator=hybrid,risk=llm (roles: market, strategy, onchain, sentiment, macro, coordinator, risk); default: the config's llm.agents",
    )
    .option('--llm-cache <mode>', "model answer cache: readwrite, readonly or off; default: the config's llm.cache")
    .option('--debate-rounds <n>', 'bull/bear rounds before an LLM coordinator decides (0..5)')
    .option('--confirm-live', 'required for --mode live')
    .option('--json', 'print one JSON object')
    .action(
      runAction(async (o: TradeFlags & Out & { strategy?: string }) => {
        if (!o.strategy) throw new ValidationError('--strategy is required', { hint: 'e.g. --strategy ema-cross' });
        await startSession(o as TradeFlags & Out);
      }),
    );

  // `trade` itself takes --json too, and commander gives an option to the first command defining it.
  const asJson = (o: Out) => Boolean(o.json ?? trade.opts().json);

  trade
    .command('list')
    .description('trading sessions, newest first')
    .option('--json', 'print one JSON array')
    .option('--limit <n>', 'at most this many', '20')
    .action(
      runAction(async (o: Out & { limit: string }) => {
        const config = requireConfig();
        const prisma = createPrisma(resolveEndpoints(config).databaseUrl);
        try {
          const rows = await prisma.tradingSession.findMany({
            orderBy: { startedAt: 'desc' },
            take: Math.max(1, Number(o.limit) || 20),
          });
          const out = rows.map((r) => ({
            sessionId: r.id,
            status: r.status,
            mode: r.mode,
            exchange: r.exchange,
            symbols: r.symbols,
            timeframe: r.timeframe,
            strategy: r.strategyName,
            startedAt: r.startedAt.toISOString(),
            stoppedAt: r.stoppedAt?.toISOString() ?? null,
          }));
          if (asJson(o)) process.stdout.write(`${JSON.stringify(out)}\n`);
          else if (!out.length) process.stdout.write('no trading sessions\n');
          else
            for (const r of out)
              process.stdout.write(
                `${r.sessionId}  ${r.status.padEnd(8)} ${r.mode.padEnd(5)} ${r.exchange} ${r.symbols.join(',')} ${r.timeframe} ${r.strategy}  started ${r.startedAt} wall time\n`,
              );
        } finally {
          await prisma.$disconnect();
        }
      }),
    );

  trade
    .command('status <id>')
    .description('positions, PnL today, last decision and state of a session')
    .option('--json', 'print one JSON object')
    .action(
      runAction(async (id: string, o: Out) => {
        const status = await withClient(async (client) =>
          client.workflow
            .getHandle(sessionWorkflowId(id))
            .query(statusQuery)
            .catch((e: Error) => {
              throw new NotFoundError(`cannot get the status of session "${id}": ${e.message.split('\n')[0]}`, {
                hint: 'check the id with `opentrade trade list` and that a worker runs (`opentrade worker`)',
                cause: e,
              });
            }),
        );
        printStatus(status, await readSessionOptions(id), asJson(o));
      }),
    );

  signalCommand(trade, asJson, 'pause', 'no new entries until resumed (exits, SL/TP and reconciliation go on)');
  signalCommand(trade, asJson, 'resume', 'allow new entries again');
  signalCommand(trade, asJson, 'stop', 'end the session after the running cycle; positions keep their SL/TP');
  signalCommand(trade, asJson, 'kill', "cancel the session's open orders, close its positions, end it");
  trade
    .command('force-exit <id> <symbol>')
    .description("close the session's position in one symbol (or all) at market before the next candle; it goes on")
    .option('--json', 'print one JSON object')
    .option('--reason <text>', 'recorded with the signal')
    .action(
      runAction(async (id: string, symbol: string, o: Out & { reason?: string }) => {
        const config = requireConfig();
        const prisma = createPrisma(resolveEndpoints(config).databaseUrl);
        try {
          const r = await withClient((client) => forceExitSession(prisma, async () => client, id, symbol, o.reason));
          if (asJson(o))
            process.stdout.write(
              `${JSON.stringify({ sessionId: id, signal: 'forceExit', symbol: r.symbol, sent: true })}\n`,
            );
          else process.stdout.write(`force exit of ${r.symbol} sent to session ${id}\n`);
        } finally {
          await prisma.$disconnect();
        }
      }),
    );
}
