// Trading-cycle benchmark (issue 5 item 8): latency p50/p99 and cycles per second of the real
// tradingCycle workflow on ONE in-process worker, with the sim market, paper accounts and the
// deterministic agents, on a real Temporal dev server, PostgreSQL and Redis.
// Uses TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL when all three are set, else starts a
// throw-away stack of its own (about 30 s, not timed). `candles` / `candlesPerSecond` carry cycles.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ConfigSchema } from '../core/config/schema';
import { createRedis } from '../infra/clients/redis';
import { createPrisma, sqlFromPool } from '../infra/db';
import { SimExchange } from '../infra/exchange/sim-exchange';
import { SessionVenueProvider } from '../infra/exchange/venue-provider';
import { envOrThrowawayStack } from '../infra/services/throwaway-stack';
import { installSandboxWatchdog, sandboxWatchdogCalls } from '../workers/sandbox-watchdog';
import { TRADING_WORKFLOWS_PATH } from '../workers/workflow-bundle';
import { cycleWorkflowId, type TradingCycleInput, type TradingCycleResult } from '../workflows/trading-contract';
import { percentile } from './lib/percentile';
import type { BenchScenario, BenchSuite } from './lib/suite';


async function runCycles(client: Client, taskQueue: string, total: number, concurrency: number, tag: string): Promise<{ latencies: number[]; seconds: number; actions: Record<string, number> }> {
  const config = ConfigSchema.parse({ gateway: { token: 'b'.repeat(40) } });
  const lastClose = Math.floor(Date.now() / 60_000) * 60_000;
  const latencies: number[] = [];
  const actions: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  // Each lane is its own session (its own paper account), as many sessions on one worker would be.
  const lane = async (l: number) => {
    const sessionId = `bench${tag}l${l}`;
    for (let i = next++; i < total; i = next++) {
      const candleCloseMs = lastClose - (i % 2000) * 60_000;
      const input: TradingCycleInput = {
        sessionId, mode: 'paper', exchange: 'sim', symbol: i % 2 ? 'ETH/USDT' : 'BTC/USDT', timeframe: '1m',
        strategy: { name: 'ema-cross', params: {} }, riskLimits: config.risk, candleCloseMs, dayStartEquity: 0, realizedPnlToday: 0, exitsOnly: false,
      };
      const s = performance.now();
      const r = await client.workflow.execute<(i: TradingCycleInput) => Promise<TradingCycleResult>>('tradingCycle', {
        taskQueue, workflowId: cycleWorkflowId(sessionId, candleCloseMs, input.symbol), args: [input],
        // As the session starts its cycles (workflows/trading-session.ts).
        searchAttributes: { OpenTradeSession: [sessionId], OpenTradeSymbol: [input.symbol], OpenTradeMode: [input.mode], OpenTradeStrategy: [input.strategy.name], OpenTradeKind: ['cycle'] },
      });
      latencies.push(performance.now() - s);
      const k = `${r.action}/${r.verdict}`;
      actions[k] = (actions[k] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, l) => lane(l)));
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000, actions };
}

const suite: BenchSuite = {
  name: 'trading-cycle',
  async run(log) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed
    }
    const e = await envOrThrowawayStack(['TEMPORAL_ADDRESS', 'DATABASE_URL', 'REDIS_URL'], log);
    const prisma = createPrisma(e.databaseUrl);
    const sql = sqlFromPool(e.databaseUrl, { max: 10 }); // as `opentrade worker` wires it
    const redis = createRedis(e.redisUrl);
    const now = Date.now();
    const simStart = Math.floor((now - 7 * 86_400_000) / 60_000) * 60_000;
    const sim = new SimExchange({ clock: { wallStart: now - (now - simStart), simStart, speed: 1 }, seed: 3 });
    const venues = new SessionVenueProvider({ prisma, sql, marketData: async () => sim });
    const config = ConfigSchema.parse({ gateway: { token: 'b'.repeat(40) } });
    const taskQueue = `bench-trading-${now.toString(36)}`;
    const connection = await NativeConnection.connect({ address: e.temporalAddress });
    installSandboxWatchdog({ log }); // as `opentrade worker` runs
    // The trading queue's bundle, as `opentrade worker` runs it.
    const worker = await Worker.create({ connection, taskQueue, workflowsPath: TRADING_WORKFLOWS_PATH, activities: createActivities({ prisma, redis, config, venues, databaseUrl: e.databaseUrl, sql, log: () => {} }) });
    const clientConnection = await Connection.connect({ address: e.temporalAddress });
    const client = new Client({ connection: clientConnection });
    const scenarios: BenchScenario[] = [];
    const tag = now.toString(36);
    try {
      await worker.runUntil(async () => {
        await runCycles(client, taskQueue, 20, 4, `${tag}w`); // warm-up: bundle, JIT, connection pools
        for (const [name, total, concurrency] of [['sequential (1 in flight)', 60, 1], ['concurrent (16 in flight)', 320, 16]] as const) {
          const cpu0 = process.cpuUsage();
          const calls0 = sandboxWatchdogCalls();
          const r = await runCycles(client, taskQueue, total, concurrency, `${tag}c${concurrency}`);
          const cpu = process.cpuUsage(cpu0);
          // CPU of this process only (worker + client): Temporal, PostgreSQL and Redis run elsewhere.
          const cpuMsPerCycle = (cpu.user + cpu.system) / 1000 / total;
          const sandboxCallsPerCycle = (sandboxWatchdogCalls() - calls0) / total;
          const p50 = percentile(r.latencies, 50);
          const p99 = percentile(r.latencies, 99);
          const cps = total / r.seconds;
          log(`${name}: ${total} cycles in ${r.seconds.toFixed(1)} s → ${cps.toFixed(1)} cycles/s, latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, worker CPU ${cpuMsPerCycle.toFixed(1)} ms/cycle, ${sandboxCallsPerCycle.toFixed(1)} sandbox calls/cycle (${JSON.stringify(r.actions)})`);
          scenarios.push({ name: `tradingCycle ${name}`, candles: total, candlesPerSecond: Math.round(cps * 10) / 10, cyclesPerSecond: Math.round(cps * 10) / 10, p50Ms: Math.round(p50), p99Ms: Math.round(p99), workerCpuMsPerCycle: Math.round(cpuMsPerCycle * 10) / 10, sandboxCallsPerCycle: Math.round(sandboxCallsPerCycle * 10) / 10, concurrency, actions: r.actions });
        }
      });
    } finally {
      await clientConnection.close();
      await connection.close();
      redis.disconnect();
      await sql.close();
      await prisma.$disconnect();
      await e.stop();
    }
    return { scenarios };
  },
};

export default suite;
