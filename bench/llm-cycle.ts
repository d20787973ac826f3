// LLM trading-cycle benchmark: end-to-end latency of one tradingCycle whose seven agents all think
// with a model (five analysts in parallel, the coordinator, the risk review), on a real Temporal dev
// server, PostgreSQL and Redis, one in-process worker with the real activities, and the real openai
// SDK talking to the local OpenAI-compatible fixture server, which adds 500 ms to every call (a
// model's think time). The models' share is 3 × 500 ms (analysts, coordinator, review in sequence),
// so the goal (p95 ≤ 2 s) leaves 500 ms for everything else a cycle does.
// Uses TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL when all three are set, else starts a
// throw-away stack of its own (about 30 s, not timed). `OPENTRADE_BENCH_LLM_CYCLES` sets how many
// cycles are timed (default 10). `candles` / `candlesPerSecond` carry cycles.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ConfigSchema } from '../core/config/schema';
import { sessionLlmSettings } from '../core/llm/session-llm';
import { createRedis } from '../infra/adapters/redis';
import { createPrisma, sqlFromPool } from '../infra/adapters/db';
import { SimExchange } from '../infra/adapters/exchange/sim-exchange';
import { SessionVenueProvider } from '../infra/adapters/exchange/venue-provider';
import { createLlmClient } from '../infra/adapters/llm/llm-client';
import { envOrThrowawayStack } from '../infra/stack/throwaway-stack';
import { startOpenAiServer } from '../test/fixtures/openai-server/server';
import type { Rule } from '../test/fixtures/openai-server/rules';
import { cycleSearchAttributes } from '../workflows/definitions';
import { cycleStaticSummary, cycleWorkflowId, type TradingCycleInput } from '../workflows/trading-contract';
import { tradingCycle } from '../workflows/trading-cycle';
import { TRADING_WORKFLOWS_PATH } from '../workers/workflow-bundle';
import { percentile } from './lib/percentile';
import type { BenchSuite } from './lib/suite';

const GOAL = { p95Ms: 2000 };
const MODEL_LATENCY_MS = 500;
/** Five analysts, the coordinator and the risk review: fewer means a role did not ask its model. */
const CALLS_PER_CYCLE = 7;
const KEY_ENV = 'OPENTRADE_BENCH_LLM_KEY';
const KEY = 'sk-bench-llm-cycle-0123456789';

/** Prompt text that tells the roles apart (the same phrases the LLM integration test matches on). */
const ANALYSTS = {
  market: 'technical market analyst',
  strategy: 'strategy analyst',
  onchain: 'positioning and on-chain analyst',
  sentiment: 'sentiment analyst',
  macro: 'macro and risk-regime analyst',
} as const;
const COORDINATOR = 'You are the coordinator';
const REVIEW = 'You are the risk manager';

// Every cycle is an entry the review approves: that is the path on which all seven models are asked
// (a HOLD stops before the review) and the longest a cycle takes (entry order, SL/TP, record).
const RULES: Rule[] = [
  ...Object.entries(ANALYSTS).map(([name, match]) => ({
    match,
    reply: { json: { direction: 0.8, confidence: 0.9, reasoning: `${name}: the trend is up`, keyLevels: [] } },
  })),
  {
    match: COORDINATOR,
    reply: { json: { action: 'BUY', confidence: 0.8, reasoning: 'five bullish analysts' } },
  },
  {
    match: REVIEW,
    reply: { json: { verdict: 'approve', sizeFactor: 1, reasoning: 'within limits' } },
  },
];

interface CycleTimes {
  /** Client start → result. */
  ms: number;
  beforeModels: number;
  /** First to last analyst request: 0 when the five really start together. */
  analystsSpread: number;
  analystsToCoordinator: number;
  coordinatorToReview: number;
  afterReview: number;
}

const suite: BenchSuite = {
  name: 'llm-cycle',
  async run(log) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed
    }
    const cycles = Number(process.env.OPENTRADE_BENCH_LLM_CYCLES ?? 10);
    if (!Number.isInteger(cycles) || cycles < 1)
      throw new Error(`OPENTRADE_BENCH_LLM_CYCLES must be a positive integer, got "${cycles}"`);
    const e = await envOrThrowawayStack(['TEMPORAL_ADDRESS', 'DATABASE_URL', 'REDIS_URL'], log);
    const server = await startOpenAiServer({ latencyMs: MODEL_LATENCY_MS, apiKey: KEY, rules: RULES });
    const prisma = createPrisma(e.databaseUrl);
    const sql = sqlFromPool(e.databaseUrl, { max: 10 }); // as `opentrade worker` wires it
    const redis = createRedis(e.redisUrl);
    const now = Date.now();
    const simStart = Math.floor((now - 7 * 86_400_000) / 60_000) * 60_000;
    const sim = new SimExchange({ clock: { wallStart: now - (now - simStart), simStart, speed: 1 }, seed: 3 });
    const venues = new SessionVenueProvider({ prisma, sql, marketData: async () => sim });
    const config = ConfigSchema.parse({
      gateway: { token: 'b'.repeat(40) },
      llm: {
        provider: 'custom',
        baseUrl: server.url,
        apiKeyEnv: KEY_ENV,
        structuredOutput: 'json_schema',
        models: { quick: 'quick-model', deep: 'deep-model' },
        // Far above the 500 ms: a timeout would retry and show up as an eighth call, failing the bench.
        timeoutMs: 10_000,
      },
    });
    // As a session started with `--agents llm --llm-cache off` resolves it: the cache off, so every
    // call really goes to the server and pays its 500 ms.
    const llm = sessionLlmSettings(config.llm, { agents: 'llm', cache: 'off' });
    if (!llm) throw new Error('llm-cycle: no agent on a model');
    const taskQueue = `bench-llm-${now.toString(36)}`;
    const connection = await NativeConnection.connect({ address: e.temporalAddress });
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
        llm: createLlmClient(config.llm, { [KEY_ENV]: KEY }),
        log: () => {},
      }),
    });
    // The client lives in this process: cycles run one at a time, so its gRPC work cannot crowd the
    // worker the way the trading-cycle bench's concurrent load would (that one forks its driver).
    const clientConnection = await Connection.connect({ address: e.temporalAddress });
    const client = new Client({ connection: clientConnection });
    const tag = now.toString(36);

    /** One cycle, in a session of its own (a fresh paper account, so it can always enter): its times, checked. */
    const cycle = async (i: number): Promise<CycleTimes> => {
      const sessionId = `benchllm${tag}n${i}`;
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
        // The coordinator decides from the signals, so its model's BUY is the decision.
        decide: 'ensemble',
        llm,
      };
      const before = server.chatRequests().length;
      const t0 = performance.now();
      const wall0 = Date.now(); // the server stamps requests with Date.now()
      const r = await client.workflow.execute(tradingCycle, {
        taskQueue,
        workflowId: cycleWorkflowId(sessionId, input.candleCloseMs, input.symbol),
        args: [input],
        // As the session starts its cycles (workflows/trading-session.ts).
        staticSummary: cycleStaticSummary(input),
        typedSearchAttributes: cycleSearchAttributes(input),
      });
      const ms = performance.now() - t0;
      const wall1 = Date.now();
      const chats = server.chatRequests().slice(before);
      // Anything but seven calls and an approved, filled BUY is a different path: its time means nothing.
      if (chats.length !== CALLS_PER_CYCLE)
        throw new Error(
          `llm-cycle: cycle ${i} made ${chats.length} model calls, expected ${CALLS_PER_CYCLE} (models: ${chats.map((c) => c.model).join(', ')})`,
        );
      // (The hard rules' verdict is `resize` as they size every entry; the review's own word is in the reasons.)
      if (r.action !== 'BUY' || !r.order?.filled || !r.reasons.some((x) => x.startsWith('risk review approves')))
        throw new Error(
          `llm-cycle: cycle ${i} was ${r.action}/${r.verdict}${r.order ? ` (order ${r.order.status}, filled ${r.order.filled})` : ''}, expected a filled BUY the review approves: ${r.reasons.join('; ')}`,
        );
      // Where the time beyond the models goes: the server's request stamps split the cycle into the
      // work before the analysts are asked, between the answers and the next question, and after the review.
      const coordinator = chats.find((c) => c.prompt.includes(COORDINATOR));
      const review = chats.find((c) => c.prompt.includes(REVIEW));
      const analysts = chats.filter((c) => c !== coordinator && c !== review);
      if (!coordinator || !review) throw new Error(`llm-cycle: cycle ${i} asked no coordinator or no review model`);
      const firstAnalyst = Math.min(...analysts.map((c) => c.at));
      const lastAnalyst = Math.max(...analysts.map((c) => c.at));
      return {
        ms,
        beforeModels: firstAnalyst - wall0,
        analystsSpread: lastAnalyst - firstAnalyst,
        analystsToCoordinator: coordinator.at - lastAnalyst - MODEL_LATENCY_MS,
        coordinatorToReview: review.at - coordinator.at - MODEL_LATENCY_MS,
        afterReview: wall1 - review.at - MODEL_LATENCY_MS,
      };
    };

    const times: CycleTimes[] = [];
    try {
      await worker.runUntil(async () => {
        // Warm-up, not timed: the workflow bundle's first load, JIT, connection pools, the SDK's sockets.
        for (let i = 0; i < 2; i++) await cycle(-1 - i);
        // One at a time: this measures a cycle's latency, not the worker's throughput.
        for (let i = 0; i < cycles; i++) times.push(await cycle(i));
      });
    } finally {
      await clientConnection.close();
      await connection.close();
      await server.close();
      redis.disconnect();
      await sql.close();
      await prisma.$disconnect();
      await e.stop();
    }

    const latencies = times.map((t) => t.ms);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const max = sorted[sorted.length - 1];
    const floor = 3 * MODEL_LATENCY_MS; // what the models alone take, with the analysts in parallel
    const meetsGoal = p95 <= GOAL.p95Ms;
    log(
      `${cycles} cycles, one at a time, ${CALLS_PER_CYCLE} model calls each at +${MODEL_LATENCY_MS} ms: ` +
        `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms ` +
        `(beyond the models' ${floor} ms: p50 ${(p50 - floor).toFixed(0)} ms, p95 ${(p95 - floor).toFixed(0)} ms)`,
    );
    const median = (k: keyof CycleTimes) =>
      Math.round(
        percentile(
          [...times.map((t) => t[k])].sort((a, b) => a - b),
          50,
        ),
      );
    const overhead = {
      beforeModelsMs: median('beforeModels'),
      analystsSpreadMs: median('analystsSpread'),
      analystsToCoordinatorMs: median('analystsToCoordinator'),
      coordinatorToReviewMs: median('coordinatorToReview'),
      afterReviewMs: median('afterReview'),
    };
    log(
      `beyond the models, medians: ${overhead.beforeModelsMs} ms before the analysts are asked, ${overhead.analystsSpreadMs} ms between the first and the last of their calls, ` +
        `${overhead.analystsToCoordinatorMs} ms from their answers to the coordinator's call, ` +
        `${overhead.coordinatorToReviewMs} ms from its answer to the review's, ${overhead.afterReviewMs} ms after the review (order, SL/TP, record)`,
    );
    log(`goal (p95 ≤ ${GOAL.p95Ms} ms end to end): ${meetsGoal ? 'met' : 'NOT met'}`);
    const seconds = latencies.reduce((a, b) => a + b, 0) / 1000;
    return {
      scenarios: [
        {
          name: 'tradingCycle, 7 LLM agents, +500 ms per call, sequential',
          meetsGoal,
          candles: cycles,
          candlesPerSecond: Math.round((cycles / seconds) * 100) / 100,
          p50Ms: Math.round(p50),
          p95Ms: Math.round(p95),
          maxMs: Math.round(max),
          modelCallsPerCycle: CALLS_PER_CYCLE,
          modelLatencyMs: MODEL_LATENCY_MS,
          ...overhead,
          latenciesMs: latencies.map((x) => Math.round(x)),
        },
      ],
    };
  },
};

export default suite;
