// One way to find the stack: with no DATABASE_URL in the environment, `backtest --local` and `data`
// read the database a running `up` recorded in .opentrade/endpoints.json, as the durable commands do;
// with nothing recorded and nothing listening, each says in one line how to start the stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, type PrismaClient } from '../../../infra/adapters/db';
import { upsertCandles } from '../../../infra/adapters/market-data/candle-store';
import { freePort } from '../../../infra/stack/net';
import { walkCandles } from '../backtest/fixtures';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const EXCHANGE = `endpoints${Date.now().toString(36)}`;
let prisma: PrismaClient;
/** `backtest --local` on the Candle table's series this file stores. */
const BACKTEST = [
  'backtest',
  '--local',
  '--exchange',
  EXCHANGE,
  '--symbol',
  'BTC/USDT',
  '--timeframe',
  '1m',
  '--strategy',
  'ema-cross',
];

/** The real CLI without DATABASE_URL, REDIS_URL or TEMPORAL_ADDRESS: only what `home` holds. */
function cli(home: string, args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENTRADE_CONFIG: path.join(home, 'none.json'),
    OPENTRADE_HOME: home,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.TEMPORAL_ADDRESS;
  const r = spawnSync(process.execPath, [path.join(root, 'bin/opentrade.js'), ...args], {
    cwd: home,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  prisma = createPrisma(process.env.DATABASE_URL);
  const s = walkCandles(600);
  const rows: [number, number, number, number, number, number][] = [];
  for (let i = 0; i < s.length; i++) rows.push([s.time[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]]);
  await upsertCandles(prisma, { exchange: EXCHANGE, symbol: 'BTC/USDT', timeframe: '1m' }, rows);
});

afterAll(async () => {
  await prisma?.candle.deleteMany({ where: { exchange: EXCHANGE } });
  await prisma?.$disconnect();
});

it('backtest --local and data list find the database a running up recorded', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-endpoints-'));
  writeFileSync(
    path.join(home, 'endpoints.json'),
    JSON.stringify({
      temporalAddress: process.env.TEMPORAL_ADDRESS,
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
    }),
  );
  const bt = cli(home, [...BACKTEST, '--json']);
  expect(bt.stderr).toBe('');
  expect(bt.code).toBe(0);
  expect(JSON.parse(bt.stdout).equity).toHaveLength(600);

  const list = cli(home, ['data', 'list', '--json']);
  expect(list.code).toBe(0);
  expect(JSON.stringify(JSON.parse(list.stdout))).toContain(EXCHANGE);
});

it('with no stack recorded and none listening, says in one line how to start it (exit 69)', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'opentrade-endpoints-'));
  const port = await freePort();
  writeFileSync(
    path.join(home, 'endpoints.json'),
    JSON.stringify({ databaseUrl: `postgresql://opentrade:opentrade@127.0.0.1:${port}/opentrade` }),
  );
  const bt = cli(home, BACKTEST);
  expect(bt.code).toBe(69);
  const lines = bt.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/cannot reach PostgreSQL at .*:\d+/);
  expect(lines[0]).toContain('opentrade up');
});
