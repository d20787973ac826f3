// Gateway benchmark: the list endpoints at a fixed 200 requests/s, sent from this
// process to a gateway running as its own process (`opentrade gateway`, exactly as `up` starts it,
// default rate limits) over a seeded database. Open loop: each request has a scheduled send time
// and its latency counts from that time, so a stalled gateway cannot hide queued requests
// (no coordinated omission). Goal: p99 ≤ 50 ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, type PrismaClient } from '../infra/adapters/db';
import { freePort, isPortOpen, waitFor } from '../infra/stack/net';
import { envOrThrowawayStack } from '../infra/stack/throwaway-stack';
import { percentile } from './lib/percentile';
import type { BenchScenario, BenchSuite } from './lib/suite';

const RATE = 200;
const SECONDS = 15;
const TOKEN = 'g'.repeat(48);

/** user+system CPU of a process in ms (Linux /proc; undefined elsewhere). */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** A session with a day of 1m decisions (five signals each), orders, trades, positions, equity; backtest and evolution rows. */
async function seed(prisma: PrismaClient, tag: string): Promise<string> {
  const sessionId = `bench${tag}`;
  const t0 = Date.now() - 86_400_000;
  await prisma.tradingSession.create({
    data: {
      id: sessionId,
      mode: 'paper',
      exchange: 'sim',
      symbols: ['BTC/USDT'],
      timeframe: '1m',
      strategyName: 'ema-cross',
      strategyVersion: 1,
      status: 'running',
      workflowId: `session-${sessionId}`,
    },
  });
  const N = 1440;
  const decisions = Array.from({ length: N }, (_, i) => ({
    id: `cycle-${sessionId}-${t0 + i * 60_000}-BTCUSDT`,
    sessionId,
    symbol: 'BTC/USDT',
    candleTime: new Date(t0 + i * 60_000),
    action: (['BUY', 'SELL', 'HOLD'] as const)[i % 3],
    confidence: 0.5,
    reasoning: 'seeded',
    summary: `decision ${i}`,
    riskVerdict: { verdict: 'approve', reasons: [] },
    createdAt: new Date(t0 + i * 60_000),
  }));
  await prisma.decision.createMany({ data: decisions });
  await prisma.agentSignal.createMany({
    data: decisions.flatMap((d) =>
      ['market', 'strategy', 'onchain', 'sentiment', 'macro'].map((agent) => ({
        decisionId: d.id,
        agent,
        direction: 'long',
        confidence: 0.4,
        reasoning: 'seeded',
      })),
    ),
  });
  await prisma.order.createMany({
    data: decisions.slice(0, 600).map((d, i) => ({
      clientOrderId: `${d.id}-e`,
      sessionId,
      decisionId: d.id,
      exchange: 'sim',
      symbol: 'BTC/USDT',
      side: i % 2 ? 'sell' : 'buy',
      type: 'market',
      status: 'closed',
      amount: 0.01,
      filled: 0.01,
      average: 60_000 + i,
      mode: 'paper' as const,
      createdAt: d.createdAt,
    })),
  });
  await prisma.trade.createMany({
    data: Array.from({ length: 300 }, (_, i) => ({
      sessionId,
      symbol: 'BTC/USDT',
      side: 'long',
      action: 'BUY',
      status: 'closed',
      entryPrice: 60_000 + i,
      exitPrice: 60_100 + i,
      quantity: 0.01,
      pnl: 1,
      fee: 0.12,
      openedAt: new Date(t0 + i * 120_000),
      closedAt: new Date(t0 + i * 120_000 + 60_000),
    })),
  });
  await prisma.position.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      sessionId,
      exchange: 'sim',
      symbol: 'BTC/USDT',
      side: 'long',
      status: i ? ('closed' as const) : ('open' as const),
      size: 0.01,
      entryPrice: 60_000,
      unrealizedPnl: 1,
    })),
  });
  await prisma.equitySnapshot.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      sessionId,
      time: new Date(t0 + i * 60_000),
      equity: 10_000 + Math.sin(i / 50) * 100,
      cash: 5000,
    })),
  });
  await prisma.backtestRun.createMany({
    data: Array.from({ length: 200 }, (_, i) => ({
      id: `btbench${tag}${i}`,
      strategy: 'ema-cross',
      params: { fast: 9, slow: 21 },
      symbol: 'BTC/USDT',
      exchange: 'sim',
      timeframe: '1m',
      from: new Date(t0),
      to: new Date(),
      status: 'completed',
      progress: 1,
      metrics: { trades: 10 + i, sharpe: 1.2 },
    })),
  });
  await prisma.evolutionRun.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({
      id: `evbench${tag}${i}`,
      strategyName: 'ema-cross',
      status: 'completed',
      bestFitness: 1 + i / 100,
    })),
  });
  return sessionId;
}

const suite: BenchSuite = {
  name: 'gateway-lists',
  async run(log) {
    const e = await envOrThrowawayStack(['TEMPORAL_ADDRESS', 'DATABASE_URL', 'REDIS_URL'], log);
    const prisma = createPrisma(e.databaseUrl);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'opentrade-bench-gw-'));
    const port = await freePort();
    const configFile = path.join(dir, 'opentrade.config.json');
    writeFileSync(configFile, JSON.stringify({ gateway: { token: TOKEN, port } }));
    const gateway = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'opentrade.js'), 'gateway'], {
      env: {
        ...process.env,
        ...(process.env.OPENTRADE_BENCH_GATEWAY_PROF
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.OPENTRADE_BENCH_GATEWAY_PROF}` }
          : {}),
        OPENTRADE_CONFIG: configFile,
        OPENTRADE_HOME: dir,
        TEMPORAL_ADDRESS: e.temporalAddress,
        DATABASE_URL: e.databaseUrl,
        REDIS_URL: e.redisUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    gateway.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    try {
      const sessionId = await seed(prisma, Date.now().toString(36));
      await waitFor('the gateway', () => isPortOpen(port), 60_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${stderr}`);
      });
      const base = `http://127.0.0.1:${port}/api/v1`;
      const paths = [
        '/sessions?limit=50',
        '/decisions?limit=50',
        `/decisions?sessionId=${sessionId}&limit=50`,
        '/orders?limit=50',
        `/trades?sessionId=${sessionId}&limit=50`,
        '/positions?status=all&limit=50',
        '/backtests?limit=50',
        '/evolution/runs?limit=50',
        '/strategies',
        `/equity?sessionId=${sessionId}&limit=500`,
      ];
      const bytes = new Map<string, number>();
      const get = async (p: string) => {
        const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        bytes.set(p.split('?')[0], (await res.arrayBuffer()).byteLength);
        return res.status;
      };
      for (let i = 0; i < 300; i++) await get(paths[i % paths.length]); // warm-up: JIT, pools, Prisma's query plans

      const total = RATE * SECONDS;
      const latencies: number[] = new Array(total);
      const byPath = new Map<string, number[]>();
      let errors = 0;
      const cpu0 = cpuMsOf(gateway.pid);
      const t0 = performance.now() + 50;
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const p = paths[i % paths.length];
        inflight.push(
          get(p).then(
            (status) => {
              if (status !== 200) errors++;
              const ms = performance.now() - due;
              latencies[i] = ms;
              const list = byPath.get(p) ?? [];
              list.push(ms);
              byPath.set(p, list);
            },
            () => {
              errors++;
              latencies[i] = performance.now() - due;
            },
          ),
        );
      }
      await Promise.all(inflight);
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = cpuMsOf(gateway.pid);
      // The gateway's own CPU per request: what the machine's other load cannot distort.
      const cpuMsPerRequest =
        cpu0 !== undefined && cpu1 !== undefined ? Math.round(((cpu1 - cpu0) / total) * 100) / 100 : null;
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      const worst = [...byPath.entries()]
        .map(([p, l]) => ({
          path: p.split('?')[0],
          p99Ms:
            Math.round(
              percentile(
                l.sort((a, b) => a - b),
                99,
              ) * 10,
            ) / 10,
          bytes: bytes.get(p.split('?')[0]),
        }))
        .sort((a, b) => b.p99Ms - a.p99Ms);
      log(
        `gateway lists: ${total} requests at ${RATE}/s in ${seconds.toFixed(1)} s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, ${errors} errors, gateway CPU ${cpuMsPerRequest ?? '?'} ms/request; slowest p99: ${worst
          .slice(0, 3)
          .map((w) => `${w.path} ${w.p99Ms} ms`)
          .join(', ')}`,
      );
      const scenario: BenchScenario = {
        name: `gateway list endpoints at ${RATE} req/s`,
        candles: total,
        candlesPerSecond: Math.round((total / seconds) * 10) / 10,
        requestsPerSecond: Math.round((total / seconds) * 10) / 10,
        p50Ms: Math.round(p50 * 10) / 10,
        p99Ms: Math.round(p99 * 10) / 10,
        maxMs: Math.round(sorted[sorted.length - 1] * 10) / 10,
        errors,
        gatewayCpuMsPerRequest: cpuMsPerRequest,
        goalP99Ms: 50,
        perPathP99Ms: worst,
      };
      return { scenarios: [scenario] };
    } finally {
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway.once('exit', r));
      await prisma.$disconnect();
      await e.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
