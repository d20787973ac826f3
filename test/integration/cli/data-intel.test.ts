// `opentrade data intel` and `data calendar` through the real CLI against the integration database
// and a local mempool.space: sync stores, list and export read back with known times, bad ids and
// flags are one clear line, and the shipped calendar warns when it is about to end.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, runCliAsync } from './run-cli';
import { startMempoolServer, type MempoolServer } from '../../fixtures/intel/mempool-server';

jest.setTimeout(120_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-data-intel-'));
const env = { OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'), OPENTRADE_HOME: path.join(dir, '.opentrade') };
let server: MempoolServer;

beforeAll(async () => {
  server = await startMempoolServer({ seed: 11 });
  expect(runCli(['init', '--yes'], env).code).toBe(0);
  const off = { enabled: false };
  const intel = {
    timeoutMs: 2000,
    fear_greed: off,
    news: off,
    blockchain: off,
    defillama: off,
    fred: off,
    mempool: { baseUrl: server.url },
  };
  expect(runCli(['config', 'set', 'intel', JSON.stringify(intel)], env).code).toBe(0);
});

afterAll(() => server?.close());

it('syncs the enabled provider, lists its latest values and exports a series with known times', async () => {
  const sync = await runCliAsync(['data', 'intel', 'sync'], env);
  expect(sync.stderr).toBe('');
  expect(sync.stdout).toMatch(/^mempool +ok: /);
  expect(sync.code).toBe(0);

  const list = await runCliAsync(['data', 'intel', 'list', '--json'], env);
  const latest = JSON.parse(list.stdout) as { series: { seriesId: string; value: number }[] };
  // other tests store mempool readings in the same database and minute: the series has a number, not necessarily ours
  expect(typeof latest.series.find((s) => s.seriesId === 'mempool.fee_fastest')?.value).toBe('number');

  const out = path.join(dir, 'fees.csv');
  const exp = await runCliAsync(['data', 'intel', 'export', '--series', 'mempool.fee_fastest', '--out', out], env);
  expect(exp.code).toBe(0);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('series_id,observed_at,known_at,value');
  expect(lines.at(-1)).toMatch(/^mempool\.fee_fastest,\S+Z,\S+Z,\d+(\.\d+)?$/);
});

it('says which provider failed and exits non-zero when every one did', async () => {
  for (const p of ['/api/v1/fees/recommended', '/api/mempool', '/api/blocks/tip/height'])
    server.setFault(p, { kind: 'status', status: 500 });
  try {
    const r = await runCliAsync(['data', 'intel', 'sync', '--provider', 'mempool'], env);
    expect(r.stdout).toMatch(/^mempool +FAILED \(http\): /);
    expect(r.code).toBe(1);
  } finally {
    for (const p of ['/api/v1/fees/recommended', '/api/mempool', '/api/blocks/tip/height']) server.setFault(p, null);
  }
});

it('refuses unknown ids, a disabled provider and bad flags with one line naming them', async () => {
  const series = await runCliAsync(['data', 'intel', 'list', '--series', 'fred.NOPE'], env);
  expect(series.code).not.toBe(0);
  expect(series.stderr).toMatch(/unknown intelligence series "fred\.NOPE".*known series: fear_greed\.index/);
  const provider = await runCliAsync(['data', 'intel', 'sync', '--provider', 'twitter'], env);
  expect(provider.stderr).toMatch(/unknown intelligence provider "twitter"/);
  const disabled = await runCliAsync(['data', 'intel', 'sync', '--provider', 'fred'], env);
  expect(disabled.stderr).toMatch(/provider fred is disabled in the config/);
  const limit = await runCliAsync(['data', 'intel', 'list', '--series', 'mempool.vsize', '--limit', '0'], env);
  expect(limit.stderr).toMatch(/--limit "0" is not a whole number/);
  const from = await runCliAsync(['data', 'intel', 'export', '--series', 'mempool.vsize', '--from', 'yesterday'], env);
  expect(from.stderr).toMatch(/--from "yesterday" is not a time/);
});

it('checks the calendar: its source and coverage, a warning within 60 days of its end, and a bad file named', () => {
  const shipped = runCli(['data', 'calendar', '--json'], env);
  const summary = JSON.parse(shipped.stdout);
  expect(summary.source).toMatch(/Source:/);
  const daysLeft = Math.floor((Date.parse(summary.coverage.to) - Date.now()) / 86_400_000);
  // the warning follows the clock: within 60 days of the end (as on 2026-12-04) it is there
  expect(summary.warning === null).toBe(daysLeft > 60);

  const ending = path.join(dir, 'cal.json');
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
  writeFileSync(ending, JSON.stringify({ coverage: { from: '2026-01-01T00:00:00Z', to: soon }, events: [] }));
  const warned = runCli(['data', 'calendar', '--file', ending], env);
  expect(warned.code).toBe(0);
  expect(warned.stderr).toMatch(/warning: the calendar ends in (9|10) days/);

  writeFileSync(
    ending,
    JSON.stringify({ coverage: { from: '2026-01-01T00:00:00Z', to: soon }, events: [{ kind: 'FOMC' }] }),
  );
  const bad = runCli(['data', 'calendar', '--file', ending], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/events\.0\.time/);
});
