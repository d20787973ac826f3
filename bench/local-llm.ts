// Local-model benchmark: what the model `opentrade llm serve` runs on this machine costs the agents.
// The real server (a child process, as `opentrade up` runs it) and the real `openai` client path
// (createLlmClient with llm.provider `local`), measured twice:
//  1. each answer kind alone (analyst, coordinator, risk review), one call at a time, with the
//     requests the agents' prompt builders make: latency and completion tokens per second;
//  2. the real tradingCycle with every agent on the model, next to the same cycle with the
//     deterministic agents, on a real Temporal dev server, PostgreSQL and Redis (as llm-cycle.ts,
//     with the local model where that one has its scripted server).
// No goal: the numbers say what a small CPU model costs, there is no floor for it to hold. A server
// that does not start or a call that fails in transport throws; an answer cut off at the token
// limit or off its schema is an abstention, as the agents treat it, and is counted.
// OPENTRADE_BENCH_MODEL: the GGUF file (default: the one `opentrade setup --llm` installs).
// OPENTRADE_BENCH_LOCAL_CYCLES (default 3), OPENTRADE_BENCH_LOCAL_CALLS (per kind, default 3).
// Uses TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL when all three are set, else a throw-away stack.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { AgentName, AgentSignal } from '../core/agents/signal';
import type { MarketSnapshot } from '../core/agents/snapshot';
import { allocateCandleSeries } from '../core/candles';
import { ConfigSchema } from '../core/config/schema';
import type { Decision } from '../core/coordinator/decision';
import { analystRequest } from '../core/llm/analyst-prompt';
import { coordinatorRequest } from '../core/llm/coordinator-prompt';
import type { AnswerKind, LlmCallOutcome, LlmCallRequest } from '../core/llm/llm-call';
import { stepSettings } from '../core/llm/model-steps';
import { LOCAL_MODEL_ALIAS } from '../core/llm/provider-presets';
import { riskReviewRequest } from '../core/llm/risk-review-prompt';
import { sessionLlmSettings } from '../core/llm/session-llm';
import type { RiskVerdict } from '../core/risk/risk-types';
import { createPrisma, sqlFromPool } from '../infra/adapters/db';
import { SimExchange } from '../infra/adapters/exchange/sim-exchange';
import { SessionVenueProvider } from '../infra/adapters/exchange/venue-provider';
import { createLlmClient, type LlmClient } from '../infra/adapters/llm/llm-client';
import { createRedis } from '../infra/adapters/redis';
import { checkModelFile, resolveModelPath } from '../infra/local-llm/model-file';
import { dataDir, projectRoot } from '../infra/stack/config/paths';
import { freePort, waitFor } from '../infra/stack/net';
import { envOrThrowawayStack } from '../infra/stack/throwaway-stack';
import { cycleSearchAttributes } from '../workflows/definitions';
import { cycleStaticSummary, cycleWorkflowId, type TradingCycleInput } from '../workflows/trading-contract';
import { tradingCycle } from '../workflows/trading-cycle';
import { TRADING_WORKFLOWS_PATH } from '../workers/workflow-bundle';
import { percentile } from './lib/percentile';
import type { BenchScenario, BenchSuite } from './lib/suite';

/** Loading a GGUF takes seconds; a cold disk or a busy machine many more. */
const SERVER_START_TIMEOUT_MS = 120_000;
const DETERMINISTIC_CYCLES = 10;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

interface LocalServer {
  port: number;
  health(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** `opentrade llm serve` as a child, ready when /health answers; its output kept for the error. */
async function startLocalServer(modelPath: string, log: (line: string) => void): Promise<LocalServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, 'bin', 'opentrade.js'), 'llm', 'serve', '--model', modelPath, '--port', String(port)],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown')),
  );
  const url = `http://127.0.0.1:${port}`;
  const health = async () => {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`/health answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const t0 = performance.now();
  // A server that dies while loading would otherwise be waited for until the timeout.
  const started = await Promise.race([
    waitFor('the local model server', async () => (await health()).status === 'ok', SERVER_START_TIMEOUT_MS).then(
      () => undefined,
      (e: Error) => e,
    ),
    exited.then((how) => new Error(`the local model server exited (${how}) before it answered /health`)),
  ]);
  if (started) {
    child.kill('SIGTERM');
    throw new Error(`local-llm: ${started.message}\n${output.trim()}`);
  }
  log(`server: ${output.trim().split('\n').join(' | ')} (ready in ${Math.round(performance.now() - t0)} ms)`);
  return {
    port,
    health,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const how = await Promise.race([exited, new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 15_000))]);
      if (how === 'stuck') {
        child.kill('SIGKILL');
        throw new Error(`local-llm: the server did not stop within 15 s of SIGTERM\n${output.trim()}`);
      }
    },
  };
}

interface CallRecord {
  role: string;
  answer: AnswerKind;
  outcome: LlmCallOutcome;
}

/**
 * The client the worker's activities get, noting every call. A transport failure is kept as well as
 * thrown: the activity retries it (llm.maxAttempts), which would hide it inside a slower cycle.
 */
function recording(client: LlmClient): { client: LlmClient; calls: CallRecord[]; failures: string[] } {
  const calls: CallRecord[] = [];
  const failures: string[] = [];
  return {
    calls,
    failures,
    client: {
      ...client,
      async complete(req, options) {
        try {
          const outcome = await client.complete(req, options);
          calls.push({ role: req.role, answer: req.answer, outcome });
          return outcome;
        } catch (e) {
          failures.push(`${req.role}: ${(e as Error).message}`);
          throw e;
        }
      },
    },
  };
}

const HOUR = 3_600_000;

/**
 * A point-in-time snapshot like the sim's: 200 hourly candles, a flat account. `variant` moves it
 * an hour and its prices a little: the server reuses the cached prefix of a prompt it has just
 * seen, so asking the same request again would time the answer without most of its prompt.
 */
function syntheticSnapshot(variant: number): MarketSnapshot {
  const n = 200;
  const s = allocateCandleSeries(n);
  for (let i = 0; i < n; i++) {
    s.time[i] = Date.UTC(2026, 10, 1) + (i + variant) * HOUR;
    s.close[i] = 60_000 + 37 * variant + 400 * Math.sin((i + variant) / 9) + 15 * i;
    s.open[i] = s.close[i] - 20;
    s.high[i] = s.close[i] + 90;
    s.low[i] = s.close[i] - 90;
    s.volume[i] = 10 + (i % 7);
  }
  return {
    exchange: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    time: s.time[n - 1] + HOUR,
    candles: { '1h': s },
    account: { equity: 10_000, cash: 10_000 },
    strategyAdvice: { action: 'enter_long', desired: 'long' },
  };
}

/** One request of each kind, as the agents' steps build them for an entry the hard rules sized. */
function kindRequests(config: ReturnType<typeof ConfigSchema.parse>, variant: number): Record<string, LlmCallRequest> {
  const snap = syntheticSnapshot(variant);
  const s = stepSettings({}, config.llm);
  const signal = (agent: AgentName, direction: number, reasoning: string): AgentSignal => ({
    agent,
    direction,
    confidence: 0.6,
    reasoning,
    data: {},
  });
  const signals = [
    signal('market', 0.5, 'EMA(12) above EMA(26), RSI 58'),
    signal('strategy', 0.7, 'ema-cross advises buy'),
    signal('onchain', 0.1, 'funding neutral'),
    signal('sentiment', 0.2, 'mildly positive'),
    signal('macro', -0.1, 'no scheduled events'),
  ];
  const ensemble: Decision = {
    action: 'BUY',
    score: 0.32,
    confidence: 0.6,
    disagreement: 0.2,
    reasons: ['BUY: the score is above the entry threshold'],
    signals,
  };
  const price = snap.candles['1h']!.close[199];
  const verdict: RiskVerdict = {
    verdict: 'resize',
    intent: 'open_long',
    side: 'buy',
    reduceOnly: false,
    quantity: 0.02,
    notional: Math.round(0.02 * price),
    stopLoss: Math.round(price * 0.98),
    takeProfit: Math.round(price * 1.04),
    leverage: 1,
    reasons: ['sized to 1 % risk at a 2 % stop'],
    killSwitch: false,
    sizing: {},
  };
  return {
    analyst: analystRequest('market', snap, s.sampling('market')),
    coordinator: coordinatorRequest(snap, signals, ensemble, [], s.sampling('coordinator')),
    risk_review: riskReviewRequest(snap, ensemble, verdict, s.sampling('risk')),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Latency percentiles, tokens per second and abstentions over a set of outcomes. */
function callStats(outcomes: LlmCallOutcome[]) {
  const lat = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const tps = outcomes
    .filter((o) => o.latencyMs > 0)
    .map((o) => o.usage.completionTokens / (o.latencyMs / 1000))
    .sort((a, b) => a - b);
  const abstained = outcomes.filter((o) => !o.ok) as Extract<LlmCallOutcome, { ok: false }>[];
  const reasons: Record<string, number> = {};
  for (const o of abstained) {
    const k = o.finishReason === 'length' ? 'length' : o.reason.slice(0, 60);
    reasons[k] = (reasons[k] ?? 0) + 1;
  }
  return {
    calls: outcomes.length,
    p50Ms: Math.round(percentile(lat, 50)),
    p95Ms: Math.round(percentile(lat, 95)),
    tokensPerSecondP50: round1(percentile(tps, 50)),
    promptTokensP50: percentile(
      outcomes.map((o) => o.usage.promptTokens).sort((a, b) => a - b),
      50,
    ),
    completionTokensP50: percentile(
      outcomes.map((o) => o.usage.completionTokens).sort((a, b) => a - b),
      50,
    ),
    abstentions: abstained.length,
    abstentionReasons: reasons,
  };
}

const suite: BenchSuite = {
  name: 'local-llm',
  async run(log) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed
    }
    const llmCycles = positiveInt('OPENTRADE_BENCH_LOCAL_CYCLES', 3);
    const callsPerKind = positiveInt('OPENTRADE_BENCH_LOCAL_CALLS', 3);
    const modelPath = process.env.OPENTRADE_BENCH_MODEL
      ? path.resolve(process.env.OPENTRADE_BENCH_MODEL)
      : resolveModelPath({}, dataDir());
    // The server would refuse it too, but only after tsx and the CLI have loaded: say it first.
    checkModelFile(modelPath);
    const server = await startLocalServer(modelPath, log);
    const scenarios: BenchScenario[] = [];
    try {
      const config = ConfigSchema.parse({
        gateway: { token: 'b'.repeat(40) },
        llm: {
          provider: 'local',
          local: { port: server.port },
          models: { quick: LOCAL_MODEL_ALIAS, deep: LOCAL_MODEL_ALIAS },
          maxTokens: 256,
          // One thread serves the five analysts in turn: the last waits for four answers before its own.
          timeoutMs: 120_000,
        },
      });
      const health0 = await server.health();
      log(
        `model ${String(health0.model)}: context ${String(health0.contextSize)}, ${String(health0.sequences)} sequence(s), ${String(health0.threads)} thread(s); maxTokens ${config.llm.maxTokens}`,
      );

      // 1. Each kind alone: what one answer costs, without others queued ahead of it.
      const rec = recording(createLlmClient(config.llm, {}));
      // Untimed: the first generation pays for the server's first-use allocations.
      await rec.client.complete(kindRequests(config, 0).analyst);
      rec.calls.length = 0;
      for (const kind of ['analyst', 'coordinator', 'risk_review']) {
        const outcomes: LlmCallOutcome[] = [];
        for (let i = 1; i <= callsPerKind; i++) outcomes.push(await rec.client.complete(kindRequests(config, i)[kind]));
        const st = callStats(outcomes);
        log(
          `${kind}, one call at a time (${st.calls}): p50 ${st.p50Ms} ms, p95 ${st.p95Ms} ms, ${st.tokensPerSecondP50} completion tokens/s ` +
            `(prompt ${st.promptTokensP50}, completion ${st.completionTokensP50} tokens, p50), abstentions ${st.abstentions} ${JSON.stringify(st.abstentionReasons)}`,
        );
        scenarios.push({
          name: `local model: ${kind} call, alone`,
          meetsGoal: true,
          informational: true,
          candles: st.calls,
          candlesPerSecond: round1(st.calls / (outcomes.reduce((a, o) => a + o.latencyMs, 0) / 1000)),
          ...st,
        });
      }
      if (rec.failures.length) throw new Error(`local-llm: calls failed: ${rec.failures.join('; ')}`);

      // 2. Cycles: with every agent on the model, then deterministic, on one worker.
      const e = await envOrThrowawayStack(['TEMPORAL_ADDRESS', 'DATABASE_URL', 'REDIS_URL'], log);
      const prisma = createPrisma(e.databaseUrl);
      const sql = sqlFromPool(e.databaseUrl, { max: 10 }); // as `opentrade worker` wires it
      const redis = createRedis(e.redisUrl);
      const now = Date.now();
      const simStart = Math.floor((now - 7 * 86_400_000) / 60_000) * 60_000;
      const sim = new SimExchange({ clock: { wallStart: now - (now - simStart), simStart, speed: 1 }, seed: 3 });
      const venues = new SessionVenueProvider({ prisma, sql, marketData: async () => sim });
      // The cache off, as `--agents llm --llm-cache off`: every cycle really asks the model.
      const llm = sessionLlmSettings(config.llm, { agents: 'llm', cache: 'off' });
      if (!llm) throw new Error('local-llm: no agent on a model');
      const cycleRec = recording(createLlmClient(config.llm, {}));
      const taskQueue = `bench-local-llm-${now.toString(36)}`;
      let connection: NativeConnection | undefined;
      let clientConnection: Connection | undefined;
      try {
        connection = await NativeConnection.connect({ address: e.temporalAddress });
        const worker = await Worker.create({
          connection,
          taskQueue,
          workflowsPath: TRADING_WORKFLOWS_PATH,
          activities: createActivities({
            prisma,
            redis,
            config,
            venues,
            databaseUrl: e.databaseUrl,
            sql,
            llm: cycleRec.client,
            log: () => {},
          }),
        });
        clientConnection = await Connection.connect({ address: e.temporalAddress });
        const client = new Client({ connection: clientConnection });
        const tag = now.toString(36);

        /** One cycle in a session of its own (a fresh paper account, so it may enter). */
        const cycle = async (name: string, withModel: boolean) => {
          const sessionId = `benchlocal${tag}${name}`;
          const input: TradingCycleInput = {
            sessionId,
            mode: 'paper',
            exchange: 'sim',
            symbol: 'BTC/USDT',
            timeframe: '1m',
            strategy: { name: 'ema-cross', params: {} },
            riskLimits: config.risk,
            candleCloseMs: Math.floor(Date.now() / 60_000) * 60_000,
            dayStartEquity: 10_000,
            realizedPnlToday: 0,
            exitsOnly: false,
            decide: 'ensemble',
            ...(withModel ? { llm } : {}),
          };
          const before = cycleRec.calls.length;
          const t0 = performance.now();
          const r = await client.workflow.execute(tradingCycle, {
            taskQueue,
            workflowId: cycleWorkflowId(sessionId, input.candleCloseMs, input.symbol),
            args: [input],
            staticSummary: cycleStaticSummary(input),
            typedSearchAttributes: cycleSearchAttributes(input),
          });
          const ms = performance.now() - t0;
          if (cycleRec.failures.length)
            throw new Error(`local-llm: model calls failed in cycle ${name}: ${cycleRec.failures.join('; ')}`);
          return { ms, action: `${r.action}/${r.verdict}`, calls: cycleRec.calls.slice(before) };
        };

        type Cycle = Awaited<ReturnType<typeof cycle>>;
        const withModel: Cycle[] = [];
        const deterministic: Cycle[] = [];
        await worker.runUntil(async () => {
          // Untimed: the workflow bundle's first load, JIT, connection pools.
          await cycle('dw0', false);
          await cycle('dw1', false);
          for (let i = 0; i < DETERMINISTIC_CYCLES; i++) deterministic.push(await cycle(`d${i}`, false));
          await cycle('mw0', true);
          for (let i = 0; i < llmCycles; i++) {
            const c = await cycle(`m${i}`, true);
            log(
              `cycle ${i + 1}/${llmCycles} on the model: ${Math.round(c.ms)} ms, ${c.action}, ${c.calls.length} calls (${c.calls.map((x) => `${x.role} ${x.outcome.latencyMs} ms${x.outcome.ok ? '' : ' abstained'}`).join(', ')})`,
            );
            withModel.push(c);
          }
        });

        const actions = (cs: Cycle[]) => {
          const out: Record<string, number> = {};
          for (const c of cs) out[c.action] = (out[c.action] ?? 0) + 1;
          return out;
        };
        for (const [label, cs] of [
          ['every agent on the local model', withModel],
          ['deterministic agents', deterministic],
        ] as const) {
          const sorted = cs.map((c) => c.ms).sort((a, b) => a - b);
          const seconds = sorted.reduce((a, b) => a + b, 0) / 1000;
          const outcomes = cs.flatMap((c) => c.calls.map((x) => x.outcome));
          const inCycle = outcomes.length ? callStats(outcomes) : undefined;
          // By kind: the prompts of a real snapshot are not the synthetic ones, and the coordinator's
          // and the review's calls wait for no other, so their tokens/s is the model's own.
          const byKind: Record<string, ReturnType<typeof callStats>> = {};
          for (const kind of new Set(cs.flatMap((c) => c.calls.map((x) => x.answer))))
            byKind[kind] = callStats(cs.flatMap((c) => c.calls.filter((x) => x.answer === kind).map((x) => x.outcome)));
          for (const [kind, st] of Object.entries(byKind))
            log(
              `  in-cycle ${kind} (${st.calls}): p50 ${st.p50Ms} ms, p95 ${st.p95Ms} ms, ${st.tokensPerSecondP50} completion tokens/s` +
                `${kind === 'analyst' ? ' (counting the wait behind the other analysts)' : ''}, prompt ${st.promptTokensP50}, completion ${st.completionTokensP50} tokens (p50)`,
            );
          log(
            `tradingCycle, ${label}: ${cs.length} cycles one at a time, p50 ${sorted.length ? Math.round(percentile(sorted, 50)) : '-'} ms, ` +
              `p95 ${Math.round(percentile(sorted, 95))} ms, max ${Math.round(sorted[sorted.length - 1])} ms ${JSON.stringify(actions(cs))}` +
              (inCycle
                ? `; ${outcomes.length} model calls, in-cycle p50 ${inCycle.p50Ms} ms / p95 ${inCycle.p95Ms} ms (queued behind each other), ${inCycle.abstentions} abstentions ${JSON.stringify(inCycle.abstentionReasons)}`
                : ''),
          );
          scenarios.push({
            name: `tradingCycle, ${label}, sequential`,
            meetsGoal: true,
            informational: true,
            candles: cs.length,
            candlesPerSecond: Math.round((cs.length / seconds) * 100) / 100,
            p50Ms: Math.round(percentile(sorted, 50)),
            p95Ms: Math.round(percentile(sorted, 95)),
            maxMs: Math.round(sorted[sorted.length - 1]),
            actions: actions(cs),
            modelCalls: outcomes.length,
            ...(inCycle
              ? {
                  modelCallP50Ms: inCycle.p50Ms,
                  modelCallP95Ms: inCycle.p95Ms,
                  abstentions: inCycle.abstentions,
                  abstentionReasons: inCycle.abstentionReasons,
                  byKind,
                }
              : {}),
            latenciesMs: cs.map((c) => Math.round(c.ms)),
          });
        }
      } finally {
        await clientConnection?.close();
        await connection?.close();
        redis.disconnect();
        await sql.close();
        await prisma.$disconnect();
        await e.stop();
      }
      const health1 = await server.health();
      log(`server answered ${String(health1.answered)} requests in all`);
    } finally {
      await server.stop();
    }
    return { scenarios };
  },
};

export default suite;
