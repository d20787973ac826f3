// The agents on a real language model: `opentrade llm serve` loads the GGUF model `opentrade setup
// --test` installs, and a paper session on the sim runs every agent on it through the real openai
// client, Temporal, Postgres and Redis. A small model answers badly; what is tested is that every
// answer either parses (recorded with its tokens and latency) or abstains with its reason, that no
// cycle fails, that the hard rules still have the last word, and that the cache makes a replay free.
import type { Client } from '@temporalio/client';
import { createActivities } from '../../../activities';
import { ConfigSchema } from '../../../core/config/schema';
import type { CycleLlmSettings } from '../../../core/llm/cycle-llm-settings';
import { LOCAL_MODEL_ALIAS } from '../../../core/llm/provider-presets';
import { ALL_DETERMINISTIC, AGENT_ROLES, type AgentModes } from '../../../core/llm/roles';
import { createLlmClient } from '../../../infra/adapters/llm/llm-client';
import { tradingSession } from '../../../workflows/trading-session';
import { sessionWorkflowId } from '../../../workflows/trading-contract';
import { startLocalModelServer, type LocalModelServer } from '../../fixtures/local-model-server';
import { startTestWorker, type TestWorker } from '../test-worker';
import { CANDLE, cycleActivities, cycleDeps, cycleInput, runCycleOn, type CycleDeps } from '../trading/cycle-harness';
import { sessionDeps, sessionInput, TEST_TOKEN, uniqueId } from '../trading/session-harness';

jest.setTimeout(900_000);

const ANALYSTS = ['market', 'strategy', 'onchain', 'sentiment', 'macro'] as const;

let server: LocalModelServer;
let sessions: ReturnType<typeof sessionDeps>;
let cycles: CycleDeps;
const workers: TestWorker[] = [];
let sessionClient: Client;
let cycleClient: Client;
const sessionQueue = uniqueId('local-session-');
const cycleQueue = uniqueId('local-cycle-');

beforeAll(async () => {
  server = await startLocalModelServer();
  const config = ConfigSchema.parse({
    gateway: { token: TEST_TOKEN },
    llm: {
      provider: 'local',
      local: { port: server.port },
      models: { quick: LOCAL_MODEL_ALIAS, deep: LOCAL_MODEL_ALIAS },
      // A small model may ramble to the limit: a lower one keeps a cut-off answer short.
      maxTokens: 256,
    },
  });
  sessions = sessionDeps(300);
  sessions.config = config;
  sessions.llm = createLlmClient(config.llm, {});
  cycles = cycleDeps();
  cycles.config = config;
  cycles.llm = createLlmClient(config.llm, {});
  workers.push(await startTestWorker({ taskQueue: sessionQueue, activities: createActivities(sessions) }));
  workers.push(await startTestWorker({ taskQueue: cycleQueue, activities: cycleActivities(cycles) }));
  [sessionClient, cycleClient] = workers.map((w) => w.client);
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await sessions?.close();
  await cycles?.close();
  const code = await server?.stop();
  // SIGTERM stops the server cleanly: it closes its port and frees the model, then exits 0.
  expect(code).toBe(0);
});

function settings(agents: Partial<AgentModes>): CycleLlmSettings {
  const modes = { ...ALL_DETERMINISTIC, ...agents };
  const models = Object.fromEntries(
    AGENT_ROLES.filter((r) => modes[r] !== 'deterministic').map((r) => [r, LOCAL_MODEL_ALIAS]),
  );
  return { agents: modes, models, debateRounds: 0, cache: 'readwrite', timeoutMs: 120_000, maxAttempts: 2 };
}

type Row = Awaited<ReturnType<typeof callsOf>>[number];
const callsOf = (where: { sessionId: string }) =>
  sessions.prisma.llmCall.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

/** A served call parsed (with the tokens and time it took) or abstained saying why; nothing else. */
function expectParsedOrAbstained(row: Row): void {
  if (row.abstainReason === null) {
    expect(row).toMatchObject({ cacheHit: false, error: null });
    expect(row.parsed).not.toBeNull();
    expect(row.promptTokens).toBeGreaterThan(0);
    expect(row.completionTokens).toBeGreaterThan(0);
    expect(row.latencyMs).toBeGreaterThan(0);
  } else {
    expect(row.abstainReason.trim().length).toBeGreaterThan(0);
    expect(row.parsed).toBeNull();
  }
}

test('a paper session with every agent on the local model: each call parses or abstains, and no cycle fails', async () => {
  const sessionId = uniqueId('localllm');
  const llm = settings(Object.fromEntries(AGENT_ROLES.map((r) => [r, 'llm'])));
  const answeredBefore = (await server.health()).answered;
  const handle = await sessionClient.workflow.start(tradingSession, {
    taskQueue: sessionQueue,
    workflowId: sessionWorkflowId(sessionId),
    args: [sessionInput(sessionId, { maxCycles: 3, decide: 'ensemble', llm })],
  });
  const result = await handle.result();
  expect(result.status).toBe('stopped');
  expect(result.state.cyclesRun).toBe(3);
  const decisions = await sessions.prisma.decision.findMany({ where: { sessionId } });
  expect(decisions).toHaveLength(3);

  const rows = await callsOf({ sessionId });
  for (const row of rows) expectParsedOrAbstained(row);
  const parsed = rows.filter((r) => r.abstainReason === null);
  const ms = parsed.map((r) => r.latencyMs).sort((a, b) => a - b);
  // What the real model did, for the record of a CI run.
  console.log(
    `local model session: ${rows.length} calls, ${parsed.length} parsed, ${rows.length - parsed.length} abstained (${[...new Set(rows.map((r) => r.abstainReason).filter(Boolean))].join('; ')}); parsed latency median ${ms[Math.floor(ms.length / 2)]} ms`,
  );
  // In ensemble mode with an `llm` coordinator the coordinator and all five analysts are asked every cycle.
  for (const d of decisions) {
    const roles = rows.filter((r) => r.cycleId === d.id).map((r) => r.role);
    for (const role of [...ANALYSTS, 'coordinator']) expect(roles).toContain(role);
  }
  // Every recorded call went to the server once: nothing answered from elsewhere, nothing lost.
  const served = rows.filter((r) => !r.cacheHit).length;
  expect((await server.health()).answered - answeredBefore).toBe(served);
  // The model's name comes back from the server, not from the request: what the audit trail shows.
  expect(new Set(rows.map((r) => r.model))).toEqual(new Set([LOCAL_MODEL_ALIAS]));
});

test('the risk review on the local model runs before the hard rules, and a cached replay asks the model nothing', async () => {
  const llm = settings({ market: 'llm', onchain: 'llm', sentiment: 'llm', macro: 'llm', risk: 'llm' });
  // The strategy's entry candle: the rules start a trade, so the review model is asked about it.
  const first = cycleInput(uniqueId('localrev'), CANDLE.buy, { decide: 'strategy', llm });
  const r1 = await runCycleOn(cycleClient, cycleQueue, cycles, first);
  const rows1 = await callsOf({ sessionId: first.sessionId });
  for (const row of rows1) expectParsedOrAbstained(row);
  expect(rows1.map((r) => r.role)).toContain('risk');
  // The hard rules size last whatever the review said: the verdict is theirs.
  expect(['approve', 'resize', 'veto']).toContain(r1.verdict);

  const answered = (await server.health()).answered;
  const again = cycleInput(uniqueId('localrev'), CANDLE.buy, { decide: 'strategy', llm });
  const r2 = await runCycleOn(cycleClient, cycleQueue, cycles, again);
  const rows2 = await callsOf({ sessionId: again.sessionId });
  // The replay is the same questions: all answered from the cache, the model not asked once.
  expect((await server.health()).answered).toBe(answered);
  expect(rows2.length).toBe(rows1.length);
  expect(rows2.every((r) => r.cacheHit && r.costUsd === 0)).toBe(true);
  expect({ action: r2.action, verdict: r2.verdict }).toEqual({ action: r1.action, verdict: r1.verdict });
});
