// `opentrade strategy evolve`: flags → an evolution request, checked before anything starts; then
// either a run now (with a progress line) or the nightly Schedule (--schedule "0 2 * * *").
import { progress, type ProgressStream } from '../util/progress';
import type { Client } from '@temporalio/client';
import { parseCandleTime } from '../../core/candles/parse-time';
import type { RiskLimits } from '../../core/config/schema';
import { BACKTEST_DECISION_MODES, type BacktestDecisionMode } from '../../core/pipeline/decision-mode';
import type { EvolutionRequestInput } from '../../core/optimizer/evolution-request';
import type { PrismaClient } from '../../infra/adapters/db';
import { ConflictError, ValidationError } from '../../core/errors';
import { evolutionResult, startEvolution } from '../../infra/services/evolution/evolution-client';
import { resolveEvolution } from '../../infra/services/evolution/resolve-evolution';
import { upsertEvolutionSchedule } from '../../infra/services/evolution/schedule';
import { validateCron } from '../../infra/services/evolution/cron';
import { evolutionProgressQuery } from '../../workflows/definitions';
import type { EvolutionResult } from '../../workflows/evolution-contract';

export interface EvolveFlags {
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  trainFrom?: string;
  trainTo?: string;
  oos?: string;
  trainDays?: string;
  oosDays?: string;
  oosWindows?: string;
  generations?: string;
  population?: string;
  seed?: string;
  batchSize?: string;
  candidates?: string;
  margin?: string;
  fitness?: string;
  ddPenalty?: string;
  fee?: string;
  decide?: string;
  activate?: boolean;
  review?: boolean;
  schedule?: string;
  timezone?: string;
  detach?: boolean;
  json?: boolean;
}

export interface StrategyCliContext {
  client: () => Promise<Client>;
  prisma: () => PrismaClient;
  /** The configured session risk limits (config `risk`) the pipeline decision modes score under; absent: the defaults. */
  riskLimits?: RiskLimits;
  /** Tests point runs at their own worker's queue; the CLI uses the evolution queue. */
  taskQueue?: string;
  out: (line: string) => void;
  /** Progress lines (stderr), so `--json` stdout stays one object. */
  err: (line: string) => void;
  /** Where the progress bar is drawn when it is a terminal; plain lines through `err` otherwise. */
  stderr?: ProgressStream;
}

function int(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v)) throw new ValidationError(`${flag} must be an integer, got "${raw}"`);
  return v;
}

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new ValidationError(`${flag} must be a number, got "${raw}"`);
  return v;
}

function time(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = parseCandleTime(raw);
  if (!Number.isFinite(t))
    throw new ValidationError(`${flag} must be an ISO date/time or UTC milliseconds, got "${raw}"`);
  return t;
}

function decideMode(raw: string | undefined): BacktestDecisionMode {
  if (raw === undefined) return 'strategy-only';
  if (!(BACKTEST_DECISION_MODES as readonly string[]).includes(raw))
    throw new ValidationError(`--decide must be one of ${BACKTEST_DECISION_MODES.join(', ')}, got "${raw}"`, {
      field: 'decide',
    });
  return raw as BacktestDecisionMode;
}

/** The request the flags describe; errors name the flag. `riskLimits`: the session's, for the pipeline modes. */
export function requestFromFlags(strategy: string, o: EvolveFlags, riskLimits?: RiskLimits): EvolutionRequestInput {
  const decide = decideMode(o.decide);
  for (const [flag, v] of [
    ['--exchange', o.exchange],
    ['--symbol', o.symbol],
    ['--timeframe', o.timeframe],
  ] as const) {
    if (!v)
      throw new ValidationError(`${flag} is required: which candles to evolve on`, {
        hint: 'e.g. --exchange binance --symbol BTC/USDT --timeframe 1h',
      });
  }
  const fixed = [o.trainFrom, o.trainTo, o.oos].some((v) => v !== undefined);
  const trailing = o.trainDays !== undefined || o.oosDays !== undefined;
  if (fixed && trailing)
    throw new ValidationError('give either --train-from/--train-to/--oos or --train-days/--oos-days, not both');
  if (o.schedule !== undefined && fixed)
    throw new ValidationError(
      'a nightly schedule needs windows that move with time: use --train-days and --oos-days instead of dates',
    );
  let window: EvolutionRequestInput['window'];
  if (fixed) {
    const trainFrom = time('--train-from', o.trainFrom);
    const trainTo = time('--train-to', o.trainTo);
    const oosTo = time('--oos', o.oos);
    if (trainFrom === undefined || trainTo === undefined || oosTo === undefined)
      throw new ValidationError('--train-from, --train-to and --oos (end of the out-of-sample period) go together');
    window = { trainFrom, trainTo, oosTo };
  } else {
    window = { trainDays: num('--train-days', o.trainDays) ?? 180, oosDays: num('--oos-days', o.oosDays) ?? 60 };
  }
  const genetic: Record<string, number> = {};
  const set = (k: string, v: number | undefined) => v !== undefined && (genetic[k] = v);
  set('generations', int('--generations', o.generations));
  set('populationSize', int('--population', o.population));
  set('seed', int('--seed', o.seed));
  const fitness: Record<string, unknown> = {};
  if (o.fitness !== undefined) fitness.kind = o.fitness;
  if (o.ddPenalty !== undefined) fitness.ddPenalty = num('--dd-penalty', o.ddPenalty);
  return {
    strategy,
    exchange: o.exchange!,
    symbol: o.symbol!,
    timeframe: o.timeframe!,
    window,
    ...(o.oosWindows !== undefined ? { oosWindows: int('--oos-windows', o.oosWindows) } : {}),
    genetic,
    fitness: fitness as EvolutionRequestInput['fitness'],
    ...(o.margin !== undefined ? { promotion: { margin: num('--margin', o.margin) } } : {}),
    ...(o.fee !== undefined ? { backtest: { fee: num('--fee', o.fee) } } : {}),
    ...(o.batchSize !== undefined ? { batchSize: int('--batch-size', o.batchSize) } : {}),
    ...(o.candidates !== undefined ? { candidates: int('--candidates', o.candidates) } : {}),
    // Strategy-only stays the request it always was, so an unchanged schedule keeps its exact input.
    ...(decide !== 'strategy-only' ? { decide, ...(riskLimits ? { riskLimits } : {}) } : {}),
    review: o.review ?? o.schedule !== undefined,
    activate: o.activate !== false,
  };
}

function deepestMessage(e: unknown): string {
  let cur = e as { message?: string; cause?: unknown } | undefined;
  let msg = String(cur?.message ?? e);
  while (cur?.cause) {
    cur = cur.cause as { message?: string; cause?: unknown };
    if (cur.message) msg = cur.message;
  }
  return msg;
}

export function formatEvolutionResult(r: EvolutionResult): string[] {
  const params = Object.entries(r.bestParams)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `strategy ${r.strategy}: ${r.promoted ? `saved v${r.version} (parent v${r.parentVersion})` : `kept v${r.parentVersion}`}`,
    `  best parameters  ${params}`,
    `  fitness          train ${r.bestTrainFitness.toFixed(3)} | out of sample ${r.candidateOosFitness.toFixed(3)} vs current ${r.currentOosFitness.toFixed(3)}`,
    `  ${r.promoted ? 'why' : 'why not'}          ${r.reason}`,
    `  search           ${r.generations} generations, ${r.evaluations} ${r.decide ? `pipeline backtests (--decide ${r.decide})` : 'backtests (strategy-only)'} (run ${r.runId})`,
    ...(r.live
      ? [
          `  live             ${r.live.trades} trades, win rate ${r.live.winRatePct.toFixed(1)} %, Sharpe ${r.live.sharpe.toFixed(2)}, max drawdown ${r.live.maxDrawdownPct.toFixed(1)} %`,
        ]
      : []),
  ];
}

export async function evolveAction(strategy: string, o: EvolveFlags, ctx: StrategyCliContext): Promise<void> {
  if (o.schedule !== undefined) validateCron(o.schedule);
  const request = requestFromFlags(strategy, o, ctx.riskLimits);
  // Everything that can be wrong with the input is found here, before a workflow or schedule exists.
  await resolveEvolution(ctx.prisma(), request, { now: Date.now() });
  const client = await ctx.client();
  if (o.schedule !== undefined) {
    const r = await upsertEvolutionSchedule(client, request, {
      cron: o.schedule,
      timezone: o.timezone,
      taskQueue: ctx.taskQueue,
    });
    if (o.json) ctx.out(JSON.stringify({ ...r, cron: o.schedule, request }));
    else
      ctx.out(
        `${r.created ? 'created' : 'updated'} schedule ${r.scheduleId}: "${o.schedule}"${o.timezone ? ` (${o.timezone})` : ' (UTC)'} — nightly review of ${strategy}`,
      );
    return;
  }
  const handle = await startEvolution(client, request, { taskQueue: ctx.taskQueue });
  if (o.detach) {
    ctx.out(
      o.json ? JSON.stringify({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId }) : handle.workflowId,
    );
    return;
  }
  const bar = progress(ctx.stderr ?? { write: (text) => ctx.err(text.replace(/\n$/, '')) });
  const timer = setInterval(() => {
    handle
      .query(evolutionProgressQuery)
      .then((p) =>
        bar.update(
          p.generations > 0 ? p.generation / p.generations : 0,
          `${p.phase} generation ${p.generation}/${p.generations}${p.bestFitness !== null ? ` best ${p.bestFitness.toFixed(3)}` : ''}`,
        ),
      )
      .catch(() => undefined);
  }, 1000);
  try {
    const r = await evolutionResult(handle).catch((e: unknown) => {
      throw new ConflictError(`evolution ${handle.workflowId} failed: ${deepestMessage(e)}`);
    });
    if (o.json) ctx.out(JSON.stringify(r));
    else for (const line of formatEvolutionResult(r)) ctx.out(line);
  } finally {
    clearInterval(timer);
    bar.done();
  }
}
