// Trading-cycle benchmark: latency p50/p99 and cycles per second of the real
// tradingCycle workflow on ONE in-process worker, with the sim market, paper accounts and the
// deterministic agents, on a real Temporal dev server, PostgreSQL and Redis.
// Uses TEMPORAL_ADDRESS / DATABASE_URL / REDIS_URL when all three are set, else starts a
// throw-away stack of its own (about 30 s, not timed). `candles` / `candlesPerSecond` carry cycles.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ConfigSchema } from '../core/config/schema';
import { createRedis } from '../infra/adapters/redis';
import { createPrisma, sqlFromPool } from '../infra/adapters/db';
import { SimExchange } from '../infra/adapters/exchange/sim-exchange';
import { SessionVenueProvider } from '../infra/adapters/exchange/venue-provider';
import { envOrThrowawayStack } from '../infra/stack/throwaway-stack';
import { TRADING_WORKFLOWS_PATH } from '../workers/workflow-bundle';
import type { DriverReport, DriverRequest } from './lib/cycle-driver';
import { percentile } from './lib/percentile';
import type { BenchScenario, BenchSuite } from './lib/suite';

/** The floor one worker must hold on a 2-core machine, checked at each load level. */
const GOAL = { cyclesPerSecond: 20, p99Ms: 1000 };

/** Runs cycles from the driver process; resolves with its report. */
function drive(driver: ChildProcess, request: DriverRequest): Promise<DriverReport> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`cycle driver exited with ${code}`));
    driver.once('exit', onExit);
    driver.once('message', (m: DriverReport) => {
      driver.off('exit', onExit);
      resolve(m);
    });
    driver.send(request);
  });
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
    // The trading queue's bundle, as `opentrade worker` runs it.
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: TRADING_WORKFLOWS_PATH,
      activities: createActivities({ prisma, redis, config, venues, databaseUrl: e.databaseUrl, sql, log: () => {} }),
    });
    // The load generator runs in its own process (bench/lib/cycle-driver.ts): this one is the worker.
    const driver = fork(path.join(__dirname, 'lib', 'cycle-driver.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const run = (total: number, concurrency: number, tag: string) =>
      drive(driver, { kind: 'run', address: e.temporalAddress, taskQueue, total, concurrency, tag });
    const scenarios: BenchScenario[] = [];
    const tag = now.toString(36);
    try {
      await worker.runUntil(async () => {
        // Warm-up: bundle, JIT, connection pools, the server's caches (it takes a few hundred cycles
        // for throughput to settle; measured right after 20, 16 in flight gave ~10 % less).
        await run(200, 8, `${tag}w`);
        // A sweep of load levels: the latency each costs, and where the goal is met.
        const levels = [
          ['sequential (1 in flight)', 60, 1],
          ['concurrent (8 in flight)', 320, 8],
          ['concurrent (12 in flight)', 320, 12],
          ['concurrent (16 in flight)', 320, 16],
        ] as const;
        for (const [name, total, concurrency] of levels) {
          const cpu0 = process.cpuUsage();
          const r = await run(total, concurrency, `${tag}c${concurrency}`);
          const cpu = process.cpuUsage(cpu0);
          // CPU of this process only (the worker): the driver, Temporal, PostgreSQL and Redis run elsewhere.
          const cpuMsPerCycle = (cpu.user + cpu.system) / 1000 / total;
          const p50 = percentile(r.latencies, 50);
          const p99 = percentile(r.latencies, 99);
          const cps = total / r.seconds;
          log(
            `${name}: ${total} cycles in ${r.seconds.toFixed(1)} s → ${cps.toFixed(1)} cycles/s, latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, worker CPU ${cpuMsPerCycle.toFixed(1)} ms/cycle (driver ${(r.cpuMs / total).toFixed(1)}) (${JSON.stringify(r.actions)})`,
          );
          const meetsGoal = cps >= GOAL.cyclesPerSecond && p99 <= GOAL.p99Ms;
          scenarios.push({
            name: `tradingCycle ${name}`,
            meetsGoal,
            candles: total,
            candlesPerSecond: Math.round(cps * 10) / 10,
            cyclesPerSecond: Math.round(cps * 10) / 10,
            p50Ms: Math.round(p50),
            p99Ms: Math.round(p99),
            workerCpuMsPerCycle: Math.round(cpuMsPerCycle * 10) / 10,
            driverCpuMsPerCycle: Math.round((r.cpuMs / total) * 10) / 10,
            concurrency,
            actions: r.actions,
          });
        }
        const met = scenarios.filter((x) => x.meetsGoal).map((x) => `${x.concurrency} in flight`);
        log(
          `goal (≥ ${GOAL.cyclesPerSecond} cycles/s with p99 ≤ ${GOAL.p99Ms} ms): ${met.length ? `met at ${met.join(', ')}` : 'NOT met at any load level'}`,
        );
      });
    } finally {
      driver.send({ kind: 'exit' });
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
