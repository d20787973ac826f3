// A candle's cycle runs once even when the session does not remember running it (a replaced run,
// state lost): the child id already exists, so the session takes that cycle's result instead.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import { initialSessionState } from '../../../workflows/session-state';
import { cycleWorkflowId, sessionWorkflowId, type TradingCycleInput } from '../../../workflows/trading-contract';
import { tradingCycle } from '../../../workflows/trading-cycle';
import { tradingSession } from '../../../workflows/trading-session';
import { sessionDeps, sessionInput, uniqueId } from './session-harness';

jest.setTimeout(180_000);

test('a cycle that already ran for the due candle is not started again: its result is used', async () => {
  // Real-time sim: a 1m candle stays "the last closed one" for a minute, long enough to set this up.
  const deps = sessionDeps(1);
  const taskQueue = uniqueId('session-dedupe-');
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(deps),
  });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection });
  try {
    await worker.runUntil(async () => {
      let now = await deps.sim.fetchTime();
      if (now % 60_000 > 45_000) {
        await new Promise((r) => setTimeout(r, 60_000 - (now % 60_000) + 200));
        now = await deps.sim.fetchTime();
      }
      const lastClosed = Math.floor(now / 60_000) * 60_000;
      const id = uniqueId('dedupe');
      const input = sessionInput(id, { maxCycles: 1 });
      const cycleId = cycleWorkflowId(id, lastClosed, 'BTC/USDT');
      const cycleInput: TradingCycleInput = {
        ...input,
        symbol: 'BTC/USDT',
        candleCloseMs: lastClosed,
        dayStartEquity: 0,
        realizedPnlToday: 0,
        exitsOnly: false,
      };
      const earlier = await client.workflow.execute(tradingCycle, {
        taskQueue,
        workflowId: cycleId,
        args: [cycleInput],
      });

      // The session believes the previous candle was the last one it ran.
      const state = initialSessionState(input.symbols, now, lastClosed - 60_000, 10_000);
      const result = await client.workflow.execute(tradingSession, {
        taskQueue,
        workflowId: sessionWorkflowId(id),
        args: [{ ...input, state }],
      });
      expect(result.state.cyclesRun).toBe(1);
      expect(result.state.lastDecision).toMatchObject({ cycleId, candleCloseMs: lastClosed, action: earlier.action });
      // Still one execution and one decision for that candle.
      const runs = [];
      for await (const w of client.workflow.list({ query: `WorkflowId = '${cycleId}'` })) runs.push(w.runId);
      expect(runs).toHaveLength(1);
      expect(await deps.prisma.decision.count({ where: { sessionId: id } })).toBe(1);
    });
  } finally {
    await connection.close();
    await deps.close();
  }
});
