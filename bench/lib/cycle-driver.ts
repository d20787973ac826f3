// The trading-cycle benchmark's load generator, in a process of its own (forked by
// bench/trading-cycle.ts): in production cycles are started by the session workflow through the
// Temporal server, so the worker's process should not also carry a client's gRPC work.
// Protocol: one DriverRequest in over IPC, one DriverReport out per run, 'exit' ends it.
import { Client, Connection } from '@temporalio/client';
import { ConfigSchema } from '../../core/config/schema';
import { cycleSearchAttributes } from '../../workflows/definitions';
import { cycleWorkflowId, type TradingCycleInput } from '../../workflows/trading-contract';
import { tradingCycle } from '../../workflows/trading-cycle';

export interface DriverRequest {
  kind: 'run';
  address: string;
  taskQueue: string;
  total: number;
  concurrency: number;
  tag: string;
}

export interface DriverReport {
  latencies: number[];
  seconds: number;
  actions: Record<string, number>;
  cpuMs: number;
}

async function runCycles(client: Client, r: DriverRequest): Promise<DriverReport> {
  const config = ConfigSchema.parse({ gateway: { token: 'b'.repeat(40) } });
  const lastClose = Math.floor(Date.now() / 60_000) * 60_000;
  const latencies: number[] = [];
  const actions: Record<string, number> = {};
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Each lane is its own session (its own paper account), as many sessions on one worker would be.
  const lane = async (l: number) => {
    const sessionId = `bench${r.tag}l${l}`;
    for (let i = next++; i < r.total; i = next++) {
      const candleCloseMs = lastClose - (i % 2000) * 60_000;
      const input: TradingCycleInput = {
        sessionId,
        mode: 'paper',
        exchange: 'sim',
        symbol: i % 2 ? 'ETH/USDT' : 'BTC/USDT',
        timeframe: '1m',
        strategy: { name: 'ema-cross', params: {} },
        riskLimits: config.risk,
        candleCloseMs,
        dayStartEquity: 0,
        realizedPnlToday: 0,
        exitsOnly: false,
      };
      const s = performance.now();
      const res = await client.workflow.execute(tradingCycle, {
        taskQueue: r.taskQueue,
        workflowId: cycleWorkflowId(sessionId, candleCloseMs, input.symbol),
        args: [input],
        // As the session starts its cycles (workflows/trading-session.ts).
        typedSearchAttributes: cycleSearchAttributes(input),
      });
      latencies.push(performance.now() - s);
      const k = `${res.action}/${res.verdict}`;
      actions[k] = (actions[k] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: r.concurrency }, (_, l) => lane(l)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { latencies: latencies.sort((a, b) => a - b), seconds, actions, cpuMs: (cpu.user + cpu.system) / 1000 };
}

let client: Client | undefined;
let connection: Connection | undefined;
process.on('message', (m: DriverRequest | { kind: 'exit' }) => {
  void (async () => {
    if (m.kind === 'exit') {
      await connection?.close();
      process.exit(0);
    }
    connection ??= await Connection.connect({ address: m.address });
    client ??= new Client({ connection });
    process.send!(await runCycles(client, m));
  })().catch((e: Error) => {
    process.stderr.write(`cycle driver: ${e.stack ?? e.message}\n`);
    process.exit(1);
  });
});
