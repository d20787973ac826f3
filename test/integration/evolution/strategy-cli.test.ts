// `opentrade strategy …` on the real stack: the command functions in-process against a test worker,
// and the real binary for bad input (a clear one-line error, exit 1, nothing started).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createEvolutionActivities } from '../../../activities/evolution';
import { evolveAction, type StrategyCliContext } from '../../../cli/commands/strategy-evolve';
import { registerStrategyCommand, scheduleAction } from '../../../cli/commands/strategy';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { describeEvolutionSchedule, deleteEvolutionSchedule } from '../../../infra/services/evolution/schedule';
import { WORKFLOWS_PATH } from '../../../workers/run-worker';
import { HOUR, T0, triangleSeries } from '../../unit/optimizer/fixtures/series';
import { swingStrategy } from '../../unit/optimizer/fixtures/swing-strategy';
import { createStrategyRow, importSeries, SWING_STRATEGY_FILE } from './fixtures/stack';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../../..');
const TASK_QUEUE = 'it-evolution-cli';
const key = { exchange: 'it-evolution-cli', symbol: 'SWING/USDT', timeframe: '1h' };
const NAME = 'cli-swing';
const DAY = 24 * HOUR;

let prisma: PrismaClient;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;
let out: string[] = [];
let ctx: StrategyCliContext;

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  await importSeries(prisma, key, triangleSeries(150 * 24, 20));
  await createStrategyRow(prisma, NAME, SWING_STRATEGY_FILE, swingStrategy.defaults);
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities: createEvolutionActivities({ prisma }),
  });
  running = worker.run();
  ctx = {
    client: async () => new Client({ connection }),
    prisma: () => prisma,
    taskQueue: TASK_QUEUE,
    out: (l) => out.push(l),
    err: () => undefined,
  };
});

beforeEach(() => {
  out = [];
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await prisma?.$disconnect();
});

/** Runs `opentrade strategy …` through commander with the test context (so argument parsing is covered too). */
async function cli(...args: string[]): Promise<string[]> {
  const { Command } = await import('commander');
  const mod = await import('../../../cli/commands/strategy');
  const program = new Command().exitOverride();
  registerStrategyCommand(program);
  const sub = program.commands.find((c) => c.name() === 'strategy')!;
  // Re-point each action at the test context: the same functions the real actions call.
  const actions: Record<string, (...a: any[]) => Promise<void>> = {
    list: (o) => mod.listAction(o, ctx),
    versions: (n, o) => mod.versionsAction(n, o, ctx),
    show: (n, o) => mod.showAction(n, o, ctx),
  };
  for (const c of sub.commands) if (actions[c.name()]) c.action(actions[c.name()]);
  out = [];
  await program.parseAsync(['node', 'opentrade', 'strategy', ...args]);
  return out;
}

const evolveFlags = {
  exchange: key.exchange,
  symbol: key.symbol,
  timeframe: key.timeframe,
  trainFrom: new Date(T0).toISOString(),
  trainTo: new Date(T0 + 100 * DAY).toISOString(),
  oos: new Date(T0 + 150 * DAY).toISOString(),
  oosWindows: '2',
  generations: '15',
  population: '24',
  seed: '11',
  batchSize: '6',
};

it('evolve runs the workflow and prints the result; versions, show and list see v2', async () => {
  await evolveAction(NAME, { ...evolveFlags, json: true }, ctx);
  const r = JSON.parse(out[0]);
  expect(r).toMatchObject({
    strategy: NAME,
    promoted: true,
    version: 2,
    parentVersion: 1,
    bestParams: { hold: 19, skip: 0, confirm: false },
  });

  const versions = JSON.parse((await cli('versions', NAME, '--json'))[0]);
  expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
    [1, 'retired'],
    [2, 'active'],
  ]);
  const shown = JSON.parse((await cli('show', NAME, '--json'))[0]);
  expect(shown).toMatchObject({
    name: NAME,
    version: 2,
    parentVersion: 1,
    parameters: { hold: 19, skip: 0, confirm: false },
  });
  expect(shown.recentEvolutions[0]).toMatchObject({ status: 'completed', promoted: true });
  const list = JSON.parse((await cli('list', '--json'))[0]);
  expect(list.find((s: { name: string }) => s.name === NAME)).toMatchObject({ activeVersion: 2, versions: 2 });
  expect(list.find((s: { name: string }) => s.name === 'ema-cross')).toBeDefined(); // built-ins are listed before their first evolution
});

it('evolving again from the optimum keeps the active version and prints why not', async () => {
  await evolveAction(NAME, { ...evolveFlags, seed: '12' }, ctx);
  expect(out[0]).toBe(`strategy ${NAME}: kept v2`);
  expect(out.find((l) => l.trim().startsWith('why not'))).toMatch(
    /the best candidate is the current version's parameters|does not beat/,
  );
  expect(await prisma.strategy.count({ where: { name: NAME } })).toBe(2);
});

it('a built-in evolved for the first time gets version 1 from its defaults', async () => {
  const { getBuiltInStrategy } = await import('../../../core/strategies/registry');
  expect(await prisma.strategy.count({ where: { name: 'rsi-reversion' } })).toBe(0);
  await evolveAction('rsi-reversion', { ...evolveFlags, generations: '2', population: '8', json: true }, ctx);
  const r = JSON.parse(out[0]);
  expect(r.parentVersion).toBe(1);
  const v1 = await prisma.strategy.findUniqueOrThrow({
    where: { name_version: { name: 'rsi-reversion', version: 1 } },
  });
  expect([v1.type, v1.parameters]).toEqual(['rsi-reversion', getBuiltInStrategy('rsi-reversion').defaults]);
  expect(await prisma.strategy.count({ where: { name: 'rsi-reversion' } })).toBe(r.promoted ? 2 : 1);
});

it('rollback and promote move the active mark', async () => {
  const { rollbackVersion, activateVersion } = await import('../../../infra/services/evolution/strategy-versions');
  expect(await rollbackVersion(prisma, NAME)).toEqual({ from: 2, to: 1 });
  expect((await prisma.strategy.findMany({ where: { name: NAME, status: 'active' } })).map((v) => v.version)).toEqual([
    1,
  ]);
  await activateVersion(prisma, NAME, 2);
  expect((await prisma.strategy.findMany({ where: { name: NAME, status: 'active' } })).map((v) => v.version)).toEqual([
    2,
  ]);
  await expect(activateVersion(prisma, NAME, 9)).rejects.toThrow(/strategy cli-swing has no version 9; versions: 1, 2/);
});

it('evolve --schedule refuses a trailing window without data: no schedule is created', async () => {
  // These candles end in 2024: a window ending now has none.
  await expect(
    evolveAction(
      NAME,
      {
        exchange: key.exchange,
        symbol: key.symbol,
        timeframe: key.timeframe,
        trainDays: '10',
        oosDays: '5',
        schedule: '0 2 * * *',
      },
      ctx,
    ),
  ).rejects.toThrow(/no candles for it-evolution-cli SWING\/USDT 1h in the training window/);
  await expect(describeEvolutionSchedule(await ctx.client(), NAME)).rejects.toThrow(/no nightly evolution schedule/);
});

it('evolve --schedule creates the nightly schedule; schedule pause / show / delete manage it', async () => {
  const nowKey = { ...key, symbol: 'NOW/USDT' };
  const n = 20 * 24;
  await importSeries(prisma, nowKey, triangleSeries(n + 24, 20, HOUR, Math.floor(Date.now() / HOUR) * HOUR - n * HOUR));
  await evolveAction(
    NAME,
    {
      exchange: nowKey.exchange,
      symbol: nowKey.symbol,
      timeframe: '1h',
      trainDays: '10',
      oosDays: '5',
      schedule: '0 2 * * *',
      json: true,
    },
    ctx,
  );
  expect(JSON.parse(out[0])).toMatchObject({
    scheduleId: `evolution-nightly-${NAME}`,
    cron: '0 2 * * *',
    request: { window: { trainDays: 10, oosDays: 5 }, review: true },
  });
  await scheduleAction('pause', NAME, {}, ctx);
  out = [];
  await scheduleAction('show', NAME, { json: true }, ctx);
  expect(JSON.parse(out[0])).toMatchObject({ paused: true, request: { strategy: NAME, symbol: 'NOW/USDT' } });
  await expect(scheduleAction('explode', NAME, {}, ctx)).rejects.toThrow(/unknown schedule action "explode"/);
  await scheduleAction('delete', NAME, {}, ctx);
  await expect(scheduleAction('show', NAME, {}, ctx)).rejects.toThrow(
    /no nightly evolution schedule for strategy "cli-swing"/,
  );
});

it('bad input through the real binary: one clear line, exit 1, nothing started', () => {
  const env = { ...process.env, OPENTRADE_HOME: path.join(root, '.opentrade-it-none') };
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/opentrade.js'), 'strategy', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
  const unknown = run(
    'evolve',
    'no-such-strategy',
    '--exchange',
    key.exchange,
    '--symbol',
    key.symbol,
    '--timeframe',
    '1h',
    '--train-from',
    evolveFlags.trainFrom,
    '--train-to',
    evolveFlags.trainTo,
    '--oos',
    evolveFlags.oos,
  );
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toMatch(/^opentrade: unknown strategy "no-such-strategy"; known strategies: .*cli-swing/);
  const cron = run(
    'evolve',
    NAME,
    '--exchange',
    key.exchange,
    '--symbol',
    key.symbol,
    '--timeframe',
    '1h',
    '--schedule',
    '0 25 * * *',
  );
  expect(cron.status).toBe(1);
  expect(cron.stderr).toMatch(/cron expression "0 25 \* \* \*" does not parse/);
  const inverted = run(
    'evolve',
    NAME,
    '--exchange',
    key.exchange,
    '--symbol',
    key.symbol,
    '--timeframe',
    '1h',
    '--train-from',
    evolveFlags.trainTo,
    '--train-to',
    evolveFlags.trainFrom,
    '--oos',
    evolveFlags.oos,
  );
  expect(inverted.stderr).toMatch(/training window is empty or inverted/);
});

it('nothing was started by the bad input above', async () => {
  expect(await prisma.evolutionRun.count({ where: { strategyName: 'no-such-strategy' } })).toBe(0);
  await deleteEvolutionSchedule(await ctx.client(), NAME).catch(() => undefined);
});
