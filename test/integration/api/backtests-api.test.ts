// Backtests, strategies and evolution over HTTP against a real stack and worker.
import { defaultPayloadConverter } from '@temporalio/common';
import { startDataGateway, type DataGateway } from './data-gateway-harness';
import { until } from '../trading/session-harness';
import { TEST_TOKEN } from './data-gateway-harness';
import { connectWs, MessageLog } from './ws-client';

// The agents' endpoint wants a key from this variable: set only by the test that starts a run with agents.
const LLM_KEY_ENV = 'OPENTRADE_BT_API_TEST_KEY';
const LLM_KEY = 'sk-canary-bt-api-0f9e8d7c';
const llmConfig = {
  provider: 'vllm',
  // Nothing listens there: the run that carries agents is cancelled before it could ask.
  baseUrl: 'http://127.0.0.1:9/v1',
  apiKeyEnv: LLM_KEY_ENV,
  models: { quick: 'bt-api-quick', deep: 'bt-api-deep' },
  roleModels: { risk: 'bt-api-risk' },
};

let gw: DataGateway;
beforeAll(async () => {
  delete process.env[LLM_KEY_ENV];
  gw = await startDataGateway({ speed: 600, config: { llm: llmConfig } });
});
afterAll(async () => {
  delete process.env[LLM_KEY_ENV];
  await gw?.stop();
});

const backtest = {
  strategy: 'ema-cross',
  exchange: 'sim',
  symbol: 'BTC/USDT',
  timeframe: '1m',
  fee: 0.001,
  stopLossPct: 2,
  takeProfitPct: 4,
};

describe('backtests', () => {
  let id = '';
  it('syncs sim candles, runs durably, reports progress (HTTP and WebSocket) and a chartable result', async () => {
    const ws = await connectWs(gw.wsUrl, { protocols: ['bearer', TEST_TOKEN] });
    if (!ws.opened) throw new Error(`WebSocket refused: ${ws.status}`);
    const events = new MessageLog(ws.socket);
    const r = await gw.api('POST', '/backtests', { ...backtest, sync: true });
    expect(r.status).toBe(202);
    id = r.body.backtest.id;
    expect(r.body.backtest.temporalUiUrl).toContain(encodeURIComponent(r.body.backtest.workflowId));
    const progress = await gw.api('GET', `/backtests/${id}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body.progress.runId).toBe(id);
    const done = await until('the backtest to finish', async () => {
      const b = (await gw.api('GET', `/backtests/${id}`)).body.backtest;
      return ['completed', 'failed', 'cancelled'].includes(b.status) && b;
    });
    expect(done.status).toBe('completed');
    expect(done.metrics.trades).toBeGreaterThan(0);
    const finished = await events.next(
      (m) =>
        m.type === 'backtest.progress' &&
        (m.data as { runId: string; status: string }).runId === id &&
        (m.data as { status: string }).status === 'completed',
      5000,
    );
    expect(finished.data).toMatchObject({ pct: 100, trades: done.metrics.trades });
    ws.socket.close();

    const result = await gw.api('GET', `/backtests/${id}/result?points=300`);
    expect(result.status).toBe(200);
    expect(result.body.tradesTotal).toBe(done.metrics.trades);
    expect(result.body.candles.length).toBeLessThanOrEqual(300);
    expect(result.body.candles.length).toBeGreaterThan(100);
    expect(result.body.equity).toHaveLength(result.body.candles.length);
    const times = result.body.candles.map((c: { time: number }) => c.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const c of result.body.candles) expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    const t = result.body.trades[0];
    expect(t).toMatchObject({ seq: 0, side: 'long' });
    expect(['signal', 'stop_loss', 'take_profit', 'end']).toContain(t.exitReason);
    expect(
      (await gw.api('GET', '/backtests?status=completed&limit=50')).body.items.map((b: { id: string }) => b.id),
    ).toContain(id);
  });

  it('refuses to cancel a finished run, and answers 404 / 409 / 400 / 422 where they apply', async () => {
    expect((await gw.api('POST', `/backtests/${id}/cancel`)).status).toBe(409);
    expect((await gw.api('GET', '/backtests/btnosuch')).status).toBe(404);
    const bad = await gw.api('POST', '/backtests', { ...backtest, fee: 0.5, stakePct: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['fee', 'stakePct']);
    const tooFew = await gw.api('POST', '/backtests', { ...backtest, fromMs: 0, toMs: 60_000 * 5 });
    expect(tooFew.status).toBe(422);
    // A range before the sim's first candle (2024-01-01): no file of the suite can have stored one there.
    const noData = await gw.api('POST', '/backtests', {
      ...backtest,
      symbol: 'ETH/USDT',
      timeframe: '1h',
      fromMs: Date.UTC(2023, 0, 1),
      toMs: Date.UTC(2023, 1, 1),
    });
    expect(noData.status).toBe(422);
    expect(noData.body.error.message).toMatch(/no candles/);
  });

  it('runs the whole pipeline with decide, protections and a trailing stop; a bad decide is a 400 naming it', async () => {
    const r = await gw.api('POST', '/backtests', {
      ...backtest,
      decide: 'strategy',
      protections: { cooldownPeriod: { stopDurationCandles: 5 } },
      trailingStopPct: 0.5,
    });
    expect(r.status).toBe(202);
    expect(r.body.backtest.decide).toBe('strategy');
    const pid = r.body.backtest.id;
    const done = await until('the pipeline backtest to finish', async () => {
      const b = (await gw.api('GET', `/backtests/${pid}`)).body.backtest;
      return ['completed', 'failed', 'cancelled'].includes(b.status) && b;
    });
    expect(done).toMatchObject({ status: 'completed', decide: 'strategy' });
    expect(done.metrics.candles).toBeGreaterThan(1000);
    const result = await gw.api('GET', `/backtests/${pid}/result?points=200`);
    expect(result.status).toBe(200);
    expect(result.body.tradesTotal).toBe(done.metrics.trades);
    expect(result.body.trades.length).toBeGreaterThan(0);
    for (const t of result.body.trades) expect(t.fees).toBeGreaterThan(0);
    const listed = (await gw.api('GET', '/backtests?limit=50')).body.items.find((b: { id: string }) => b.id === pid);
    expect(listed.decide).toBe('strategy');
    expect((await gw.api('GET', `/backtests/${id}`)).body.backtest.decide).toBe('strategy-only');

    const bad = await gw.api('POST', '/backtests', { ...backtest, decide: 'vote' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['decide']);
    const badTrail = await gw.api('POST', '/backtests', { ...backtest, decide: 'ensemble', trailingStopPct: 0 });
    expect(badTrail.status).toBe(400);
    expect(badTrail.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['trailingStopPct']);
  });

  it('refuses a bad model setup naming the field, and carries a good one to the workflow as pipeline.llm', async () => {
    const paths = async (body: Record<string, unknown>) => {
      const r = await gw.api('POST', '/backtests', { ...backtest, ...body });
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      return r.body.error.issues.map((i: { path: string }) => i.path);
    };
    expect(await paths({ decide: 'strategy', agents: 'smart' })).toEqual(['agents']);
    for (const p of await paths({ decide: 'strategy', agents: { trader: 'llm' } })) expect(p).toMatch(/^agents/);
    expect(await paths({ decide: 'strategy', agents: 'llm', every: 0 })).toEqual(['every']);
    expect(await paths({ decide: 'strategy', agents: 'llm', every: 2.5 })).toEqual(['every']);
    expect(await paths({ decide: 'strategy', agents: 'llm', debateRounds: 6 })).toEqual(['debateRounds']);
    expect(await paths({ decide: 'strategy', agents: 'llm', llmCache: 'sometimes' })).toEqual(['llmCache']);
    // Combinations the schema cannot see: core's check answers, naming the field.
    expect(await paths({ agents: 'llm' })).toEqual(['agents']);
    expect(await paths({ decide: 'strategy', every: 5 })).toEqual(['agents']);

    const body = {
      ...backtest,
      decide: 'ensemble',
      agents: { market: 'llm', coordinator: 'hybrid', risk: 'llm' },
      every: 30,
      llmCache: 'readonly',
      debateRounds: 1,
    };
    const noKey = await gw.api('POST', '/backtests', body);
    expect(noKey.status).toBe(422);
    expect(noKey.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['agents']);
    expect(noKey.body.error.message).toContain(LLM_KEY_ENV);

    process.env[LLM_KEY_ENV] = LLM_KEY;
    try {
      const r = await gw.api('POST', '/backtests', body);
      expect(r.status).toBe(202);
      const { id: runId, workflowId } = r.body.backtest;
      const handle = gw.worker.client.workflow.getHandle(workflowId);
      const history = await handle.fetchHistory();
      const started = history.events![0].workflowExecutionStartedEventAttributes!;
      const [input] = started.input!.payloads!.map((p) => defaultPayloadConverter.fromPayload(p)) as {
        pipeline: { llm: Record<string, unknown> };
      }[];
      expect(input.pipeline.llm).toEqual({
        agents: {
          market: 'llm',
          strategy: 'deterministic',
          onchain: 'deterministic',
          sentiment: 'deterministic',
          macro: 'deterministic',
          coordinator: 'hybrid',
          risk: 'llm',
        },
        models: {
          market: 'bt-api-quick',
          coordinator: 'bt-api-deep',
          risk: 'bt-api-risk',
          bull: 'bt-api-quick',
          bear: 'bt-api-quick',
        },
        debateRounds: 1,
        cache: 'readonly',
        timeoutMs: gw.config.llm.timeoutMs,
        maxAttempts: gw.config.llm.maxAttempts,
        every: 30,
      });
      // The key stays in the environment: the workflow carries only the variable's name, if that.
      expect(JSON.stringify(history.events)).not.toContain(LLM_KEY);
      const c = await gw.api('POST', `/backtests/${runId}/cancel`);
      expect([202, 409]).toContain(c.status);
    } finally {
      delete process.env[LLM_KEY_ENV];
    }
  });

  it('cancels a running run', async () => {
    const r = await gw.api('POST', '/backtests', { ...backtest, params: { fast: 5, slow: 30 } });
    expect(r.status).toBe(202);
    const c = await gw.api('POST', `/backtests/${r.body.backtest.id}/cancel`);
    // Small runs may finish before the cancel lands: then it is a conflict, never a 5xx.
    expect([202, 409]).toContain(c.status);
    if (c.status === 202) expect(c.body.backtest.status).toBe('cancelled');
    const pending = await gw.api('GET', `/backtests/${r.body.backtest.id}/result`);
    expect(pending.status).toBe(c.status === 202 ? 409 : 200);
  });
});

describe('strategies', () => {
  it('lists the built-ins with their parameter schema', async () => {
    const r = await gw.api('GET', '/strategies');
    expect(r.status).toBe(200);
    const ema = r.body.items.find((s: { name: string }) => s.name === 'ema-cross');
    expect(ema.builtin).toBe(true);
    expect(ema.parameters.properties.fast).toMatchObject({ type: expect.stringMatching(/integer|number/) });
    expect((await gw.api('GET', '/strategies/ema-cross')).body.strategy.name).toBe('ema-cross');
    expect((await gw.api('GET', '/strategies/no-such')).status).toBe(404);
    const rollback = await gw.api('POST', '/strategies/supertrend/rollback');
    expect(rollback.status).toBe(409);
    expect(rollback.body.error.message).toMatch(/no earlier version/);
  });

  it('promotes and rolls back versions, refusing what does not exist', async () => {
    const name = `api-${Date.now().toString(36)}`;
    await gw.data.prisma.strategy.createMany({
      data: [
        { name, version: 1, type: 'ema-cross', parameters: { fast: 9, slow: 21 }, status: 'active' },
        { name, version: 2, type: 'ema-cross', parameters: { fast: 8, slow: 30 }, status: 'draft', parentVersion: 1 },
      ],
    });
    expect((await gw.api('POST', `/strategies/${name}/promote`, { version: 7 })).status).toBe(404);
    const promoted = await gw.api('POST', `/strategies/${name}/promote`, { version: 2 });
    expect(promoted.status).toBe(200);
    expect(promoted.body.version).toMatchObject({ version: 2, status: 'active' });
    const versions = (await gw.api('GET', `/strategies/${name}`)).body.versions;
    expect(versions.map((v: { status: string }) => v.status)).toEqual(['retired', 'active']);
    expect((await gw.api('POST', `/strategies/${name}/rollback`)).body).toEqual({ from: 2, to: 1 });
    expect((await gw.api('POST', `/strategies/${name}/rollback`)).status).toBe(409);
    expect((await gw.api('POST', `/strategies/${name}/promote`, { version: 'two' })).status).toBe(400);
  });
});

describe('evolution', () => {
  const request = {
    exchange: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    window: { trainDays: 0.1, oosDays: 0.05 },
    oosWindows: 1,
    genetic: { populationSize: 4, generations: 2, seed: 7 },
    batchSize: 4,
    candidates: 1,
    activate: false,
  };

  it('runs an evolution started over HTTP, streams its progress and serves its generations', async () => {
    const ws = await connectWs(gw.wsUrl, { protocols: ['bearer', TEST_TOKEN] });
    if (!ws.opened) throw new Error(`WebSocket refused: ${ws.status}`);
    const events = new MessageLog(ws.socket);
    // A seed above 2^31 - 1 (the search's seeds are unsigned 32-bit) is stored like any other.
    const r = await gw.api('POST', '/evolution/runs', {
      strategy: 'ema-cross',
      ...request,
      genetic: { ...request.genetic, seed: 4_000_000_000 },
    });
    expect(r.status).toBe(202);
    // Listed at once: a client can follow it before the worker has picked it up.
    expect((await gw.api('GET', `/evolution/runs/${r.body.run.id}`)).status).toBe(200);
    const run = await until(
      'the evolution to finish',
      async () => {
        const x = await gw.api('GET', `/evolution/runs/${r.body.run.id}`);
        return x.status === 200 && ['completed', 'failed', 'cancelled'].includes(x.body.run.status) && x.body;
      },
      120_000,
    );
    expect(run.run.status).toBe('completed');
    expect(run.run.seed).toBe(4_000_000_000);
    expect(
      events.messages.some(
        (m) => m.type === 'evolution.progress' && (m.data as { runId: string }).runId === r.body.run.id,
      ),
    ).toBe(true);
    expect(run.generations.map((g: { generation: number }) => g.generation)).toEqual([0, 1]);
    expect(
      (await gw.api('GET', '/evolution/runs?strategy=ema-cross')).body.items.map((x: { id: string }) => x.id),
    ).toContain(r.body.run.id);
    expect((await gw.api('POST', `/evolution/runs/${r.body.run.id}/cancel`)).status).toBe(409);
    ws.socket.close();
  });

  it('cancels a running evolution', async () => {
    const r = await gw.api('POST', '/evolution/runs', {
      strategy: 'ema-cross',
      ...request,
      genetic: { populationSize: 40, generations: 200, seed: 3 },
      batchSize: 20,
    });
    if (r.status !== 202) throw new Error(JSON.stringify(r.body));
    expect(r.status).toBe(202);
    const c = await gw.api('POST', `/evolution/runs/${r.body.run.id}/cancel`);
    expect(c.status).toBe(202);
    const run = await until(
      'the cancellation to be recorded',
      async () => {
        const x = (await gw.api('GET', `/evolution/runs/${r.body.run.id}`)).body.run;
        return x?.status === 'cancelled' && x;
      },
      60_000,
    );
    expect(run.promoted).toBe(false);
  });

  it('refuses bad requests naming the field', async () => {
    const r = await gw.api('POST', '/evolution/runs', {
      strategy: 'ema-cross',
      ...request,
      genetic: { populationSize: 1 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('genetic.populationSize');
    expect((await gw.api('POST', '/evolution/runs', { ...request, strategy: 'no-such' })).status).toBe(404);
    expect((await gw.api('GET', '/evolution/runs/nosuch')).status).toBe(404);
  });

  it('creates, lists, pauses, unpauses and deletes a nightly schedule', async () => {
    // A strategy of this test's own: a triggered review creates versions, and other tests count the built-ins'.
    const name = `sched-${Date.now().toString(36)}`;
    await gw.data.prisma.strategy.create({
      data: { name, version: 1, type: 'ema-cross', parameters: { fast: 9, slow: 21 }, status: 'active' },
    });
    const bad = await gw.api('PUT', `/evolution/schedules/${name}`, { cron: 'every night', request });
    expect([400, 422]).toContain(bad.status);
    expect(bad.body.error.message).toMatch(/cron/i);
    const put = await gw.api('PUT', `/evolution/schedules/${name}`, { cron: '0 2 * * *', request });
    expect(put.status).toBe(200);
    expect(put.body.created).toBe(true);
    expect((await gw.api('PUT', `/evolution/schedules/${name}`, { cron: '0 3 * * *', request })).body.created).toBe(
      false,
    );
    const list = await until('the schedule to be listed', async () =>
      (await gw.api('GET', '/evolution/schedules')).body.items?.find((s: { strategy: string }) => s.strategy === name),
    );
    expect(list.cron).toEqual(['0 3 * * *']);
    expect((await gw.api('POST', `/evolution/schedules/${name}/pause`)).status).toBe(202);
    expect((await gw.api('POST', `/evolution/schedules/${name}/unpause`)).status).toBe(202);
    // Trigger runs the review now: a workflow of the schedule's starts on the worker.
    expect((await gw.api('POST', `/evolution/schedules/${name}/trigger`)).status).toBe(202);
    await until('the triggered run', async () =>
      (await gw.api('GET', '/evolution/schedules')).body.items?.find(
        (s: { strategy: string; recentRuns: unknown[] }) => s.strategy === name && s.recentRuns.length > 0,
      ),
    );
    expect((await gw.api('DELETE', `/evolution/schedules/${name}`)).status).toBe(204);
    expect((await gw.api('DELETE', `/evolution/schedules/${name}`)).status).toBe(404);
    expect((await gw.api('POST', `/evolution/schedules/${name}/trigger`)).status).toBe(404);
  });
});
