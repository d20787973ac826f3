// `opentrade strategy list|show|versions|evolve|promote|rollback|schedule`: the Strategy table's
// versions, evolution runs now or nightly (a Temporal Schedule), and which version is active.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { builtInStrategyIds } from '../../core/strategies/registry';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { createPrisma, type PrismaClient } from '../../infra/adapters/db';
import { UnavailableError, ValidationError } from '../../core/errors';
import {
  deleteEvolutionSchedule,
  describeEvolutionSchedule,
  pauseEvolutionSchedule,
  triggerEvolutionSchedule,
  unpauseEvolutionSchedule,
} from '../../infra/services/evolution/schedule';
import {
  activateVersion,
  listVersions,
  rollbackVersion,
  unknownStrategy,
} from '../../infra/services/evolution/strategy-versions';
import { runAction } from '../util/run-action';
import { evolveAction, type EvolveFlags, type StrategyCliContext } from './strategy-evolve';

/**
 * Which decision mode scored the evolution that saved a version: recorded since there was a choice;
 * an evolved version from before then was scored strategy-only. Undefined for a version no
 * evolution saved.
 */
function evolvedUnder(performance: unknown): string | undefined {
  const p = (performance ?? {}) as { evolutionRunId?: unknown; decide?: unknown };
  if (typeof p.decide === 'string') return p.decide;
  return p.evolutionRunId !== undefined ? 'strategy-only' : undefined;
}

/** The decision mode an evolution run scored under, from its stored configuration. */
function runDecide(config: unknown): string {
  const c = (config ?? {}) as { setup?: { decide?: unknown } };
  return typeof c.setup?.decide === 'string' ? c.setup.decide : 'strategy-only';
}

const fmtParams = (p: unknown) =>
  Object.entries((p ?? {}) as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

export async function listAction(o: { json?: boolean }, ctx: StrategyCliContext): Promise<void> {
  const rows = await ctx.prisma().strategy.findMany({ orderBy: [{ name: 'asc' }, { version: 'asc' }] });
  const byName = new Map<string, typeof rows>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const list = [...byName.entries()].map(([name, vs]) => {
    const active = vs.filter((v) => v.status === 'active').pop();
    return {
      name,
      type: vs[vs.length - 1].type,
      activeVersion: active?.version ?? null,
      versions: vs.length,
      parameters: active?.parameters ?? null,
    };
  });
  // Built-ins can be evolved before they have a row: version 1 is created from their defaults.
  for (const id of builtInStrategyIds())
    if (!byName.has(id)) list.push({ name: id, type: id, activeVersion: null, versions: 0, parameters: null });
  list.sort((a, b) => a.name.localeCompare(b.name));
  if (o.json) return ctx.out(JSON.stringify(list));
  ctx.out(`${'name'.padEnd(24)} ${'active'.padEnd(7)} ${'versions'.padEnd(9)} type`);
  for (const s of list)
    ctx.out(
      `${s.name.padEnd(24)} ${(s.activeVersion === null ? '-' : `v${s.activeVersion}`).padEnd(7)} ${String(s.versions).padEnd(9)} ${s.type}${s.versions ? '' : ' (built-in, defaults)'}`,
    );
}

export async function versionsAction(name: string, o: { json?: boolean }, ctx: StrategyCliContext): Promise<void> {
  const rows = await listVersions(ctx.prisma(), name);
  if (!rows.length) throw await unknownStrategy(ctx.prisma(), name);
  if (o.json)
    return ctx.out(
      JSON.stringify(
        rows.map((r) => ({
          version: r.version,
          status: r.status,
          parentVersion: r.parentVersion,
          type: r.type,
          parameters: r.parameters,
          performance: r.performance,
          evolvedUnder: evolvedUnder(r.performance) ?? null,
          createdAt: r.createdAt,
        })),
      ),
    );
  for (const r of rows) {
    const oos = (r.performance as { oosFitness?: number } | null)?.oosFitness;
    const under = evolvedUnder(r.performance);
    const notes = [
      ...(oos !== undefined ? [`oos fitness ${oos.toFixed(3)}`] : []),
      ...(under !== undefined ? [`evolved --decide ${under}`] : []),
    ];
    ctx.out(
      `v${r.version} ${r.status.padEnd(8)} ${r.parentVersion ? `parent v${r.parentVersion}` : 'root     '} ${r.createdAt.toISOString()}  ${fmtParams(r.parameters)}${notes.length ? `  (${notes.join(', ')})` : ''}`,
    );
  }
}

export async function showAction(name: string, o: { json?: boolean }, ctx: StrategyCliContext): Promise<void> {
  const prisma = ctx.prisma();
  const rows = await listVersions(prisma, name);
  if (!rows.length) throw await unknownStrategy(prisma, name);
  const active = rows.filter((r) => r.status === 'active').pop() ?? rows[rows.length - 1];
  const runs = await prisma.evolutionRun.findMany({
    where: { strategyName: name },
    orderBy: { createdAt: 'desc' },
    take: 5,
    select: {
      id: true,
      status: true,
      promoted: true,
      reason: true,
      bestFitness: true,
      workflowId: true,
      createdAt: true,
      config: true,
    },
  });
  const evolutions = runs.map(({ config, ...r }) => ({ ...r, decide: runDecide(config) }));
  const under = evolvedUnder(active.performance);
  const view = {
    name,
    type: active.type,
    version: active.version,
    status: active.status,
    parentVersion: active.parentVersion,
    parameters: active.parameters,
    performance: active.performance,
    versions: rows.length,
    evolvedUnder: under ?? null,
    recentEvolutions: evolutions,
  };
  if (o.json) return ctx.out(JSON.stringify(view));
  ctx.out(
    `${name} v${active.version} (${active.status}, type ${active.type}${active.parentVersion ? `, parent v${active.parentVersion}` : ''}, ${rows.length} version(s))`,
  );
  ctx.out(`  parameters  ${fmtParams(active.parameters)}`);
  if (under !== undefined) ctx.out(`  evolved     under --decide ${under}`);
  const live = (
    active.performance as {
      live?: { trades: number; winRatePct: number; sharpe: number; maxDrawdownPct: number };
    } | null
  )?.live;
  if (live)
    ctx.out(
      `  live        ${live.trades} trades, win rate ${live.winRatePct.toFixed(1)} %, Sharpe ${live.sharpe.toFixed(2)}, max drawdown ${live.maxDrawdownPct.toFixed(1)} %`,
    );
  for (const r of evolutions)
    ctx.out(
      `  evolution   ${r.createdAt.toISOString()} --decide ${r.decide} ${r.status}${r.promoted ? ' promoted' : ''}: ${r.reason ?? ''}`,
    );
}

export async function promoteAction(
  name: string,
  version: string,
  o: { json?: boolean },
  ctx: StrategyCliContext,
): Promise<void> {
  const v = Number(version.replace(/^v/, ''));
  if (!Number.isInteger(v) || v < 1)
    throw new ValidationError(`version must be a positive integer like 3 or v3, got "${version}"`);
  const row = await activateVersion(ctx.prisma(), name, v);
  ctx.out(o.json ? JSON.stringify({ name, active: row.version }) : `${name}: v${row.version} is now active`);
}

export async function rollbackAction(name: string, o: { json?: boolean }, ctx: StrategyCliContext): Promise<void> {
  const r = await rollbackVersion(ctx.prisma(), name);
  ctx.out(o.json ? JSON.stringify({ name, ...r }) : `${name}: rolled back from v${r.from} to v${r.to}`);
}

export async function scheduleAction(
  op: string,
  name: string,
  o: { json?: boolean },
  ctx: StrategyCliContext,
): Promise<void> {
  const client = await ctx.client();
  switch (op) {
    case 'show': {
      const d = await describeEvolutionSchedule(client, name);
      if (o.json) return ctx.out(JSON.stringify(d));
      ctx.out(
        `${d.scheduleId}: ${d.paused ? 'paused' : 'active'}${d.cron.length ? ` "${d.cron.join('", "')}"` : ''}${d.timezone ? ` (${d.timezone})` : ''}`,
      );
      ctx.out(`  next runs   ${d.nextRuns.join(', ') || '-'}`);
      for (const r of d.recentRuns) ctx.out(`  ran         ${r.scheduledAt} ${r.workflowId}`);
      return;
    }
    case 'pause':
      await pauseEvolutionSchedule(client, name);
      break;
    case 'unpause':
      await unpauseEvolutionSchedule(client, name);
      break;
    case 'trigger':
      await triggerEvolutionSchedule(client, name);
      break;
    case 'delete':
      await deleteEvolutionSchedule(client, name);
      break;
    default:
      throw new ValidationError(`unknown schedule action "${op}"`, {
        hint: 'actions: show, pause, unpause, trigger, delete',
      });
  }
  const past = { pause: 'paused', unpause: 'unpaused', trigger: 'triggered', delete: 'deleted' }[op];
  ctx.out(o.json ? JSON.stringify({ name, action: op, ok: true }) : `nightly evolution schedule of ${name} ${past}`);
}

/** The real context: endpoints from env / a running `up` / config, clients created on first use. */
function cliContext(): StrategyCliContext & { close: () => Promise<void> } {
  const config = existsSync(configPath()) ? loadConfig() : undefined;
  const endpoints = resolveEndpoints(config);
  let prisma: PrismaClient | undefined;
  let closeClient: (() => Promise<void>) | undefined;
  return {
    prisma: () => (prisma ??= createPrisma(endpoints.databaseUrl)),
    ...(config ? { riskLimits: config.risk } : {}),
    client: async () => {
      const { Client, Connection } = await import('@temporalio/client');
      const connection = await Connection.connect({ address: endpoints.temporalAddress }).catch((e: Error) => {
        throw new UnavailableError('Temporal', `cannot reach Temporal at ${endpoints.temporalAddress}: ${e.message}`, {
          hint: 'start it with `opentrade up` or set TEMPORAL_ADDRESS',
          cause: e,
        });
      });
      closeClient = () => connection.close();
      return new Client({ connection, namespace: config?.temporal.namespace ?? 'default' });
    },
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    stderr: process.stderr,
    close: async () => {
      await closeClient?.();
      await prisma?.$disconnect();
    },
  };
}

function withContext<A extends unknown[]>(fn: (ctx: StrategyCliContext, ...args: A) => Promise<void>) {
  return runAction(async (...args: A) => {
    const ctx = cliContext();
    try {
      await fn(ctx, ...args);
    } finally {
      await ctx.close();
    }
  });
}

export function registerStrategyCommand(program: Command): void {
  const cmd = program
    .command('strategy')
    .description('strategy versions, evolution (now or nightly) and which version is active');
  cmd
    .command('list')
    .description('every strategy with its active version')
    .option('--json', 'print one JSON array')
    .action(withContext((ctx, o: { json?: boolean }) => listAction(o, ctx)));
  cmd
    .command('show <name>')
    .description('the active version, its live performance and recent evolutions')
    .option('--json', 'print one JSON object')
    .action(withContext((ctx, name: string, o: { json?: boolean }) => showAction(name, o, ctx)));
  cmd
    .command('versions <name>')
    .description('every version with its status and parent')
    .option('--json', 'print one JSON array')
    .action(withContext((ctx, name: string, o: { json?: boolean }) => versionsAction(name, o, ctx)));
  cmd
    .command('evolve <name>')
    .description('evolve the strategy now (genetic search + walk-forward validation), or --schedule the nightly review')
    .option('--exchange <id>', 'candles from the Candle table: exchange id')
    .option('--symbol <symbol>', 'symbol, e.g. BTC/USDT')
    .option('--timeframe <tf>', 'candle timeframe, e.g. 1h')
    .option('--train-from <time>', 'training window start (ISO or UTC ms)')
    .option('--train-to <time>', 'training window end = out-of-sample start')
    .option('--oos <time>', 'out-of-sample end')
    .option('--train-days <n>', 'training days before the out-of-sample days, ending now (default 180)')
    .option('--oos-days <n>', 'out-of-sample days ending now (default 60)')
    .option('--oos-windows <n>', 'out-of-sample windows (default 3)')
    .option('--generations <n>', 'generations (default 10)')
    .option('--population <n>', 'individuals per generation (default 32)')
    .option('--seed <n>', 'random seed (default: derived from the workflow id)')
    .option('--batch-size <n>', 'individuals per evaluation activity (default 8)')
    .option('--candidates <n>', 'best training candidates validated out of sample (default 3)')
    .option('--margin <x>', 'out-of-sample fitness margin a candidate must beat the current version by (default 0.5)')
    .option('--fitness <kind>', 'sharpe-dd (default), sharpe, return, calmar')
    .option('--dd-penalty <x>', 'sharpe-dd: penalty per unit of max drawdown (default 2)')
    .option('--fee <fraction>', 'taker fee per fill (default 0.001; strategy-only)')
    .option(
      '--decide <mode>',
      "what scores each candidate, in sample and out of sample: strategy-only (default: the strategy alone on the backtest engine), strategy or ensemble (the whole pipeline backtest in that session decision mode, with the configured risk limits, on the sim venue's model of the pair). The pipeline modes are 30-300x slower per candle: the same --population and --generations cost that much more, so consider smaller ones or shorter windows",
    )
    .option('--no-activate', 'save a winner as a draft instead of making it active')
    .option('--review', 'first compute live performance from recorded trades (always on for --schedule)')
    .option(
      '--schedule <cron>',
      'create or update the nightly review Schedule instead of running now, e.g. "0 2 * * *"',
    )
    .option('--timezone <tz>', 'time zone of --schedule (default UTC)')
    .option('--detach', 'print the workflow id and return without waiting')
    .option('--json', 'print one JSON object')
    .action(withContext((ctx, name: string, o: EvolveFlags) => evolveAction(name, o, ctx)));
  cmd
    .command('promote <name> <version>')
    .description('make a version the active one')
    .option('--json', 'print one JSON object')
    .action(withContext((ctx, name: string, v: string, o: { json?: boolean }) => promoteAction(name, v, o, ctx)));
  cmd
    .command('rollback <name>')
    .description("make the active version's parent active again")
    .option('--json', 'print one JSON object')
    .action(withContext((ctx, name: string, o: { json?: boolean }) => rollbackAction(name, o, ctx)));
  cmd
    .command('schedule <action> <name>')
    .description('the nightly review schedule of a strategy: show, pause, unpause, trigger, delete')
    .option('--json', 'print one JSON object')
    .action(withContext((ctx, op: string, name: string, o: { json?: boolean }) => scheduleAction(op, name, o, ctx)));
}
