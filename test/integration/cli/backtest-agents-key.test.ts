// `opentrade backtest --agents` refuses to start when the model endpoint's key is not set: one line
// naming the variable, before any candle is read, as `trade` and the gateway do.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliAsync } from './run-cli';

const home = mkdtempSync(path.join(os.tmpdir(), 'ot-backtest-key-'));
const config = path.join(home, 'opentrade.config.json');
writeFileSync(config, JSON.stringify({ gateway: { token: 't'.repeat(40) }, llm: { provider: 'openai' } }));

test.each([['--local'], []])('backtest %s --agents llm without OPENAI_API_KEY', async (...where) => {
  const r = await runCliAsync(
    [
      'backtest',
      ...where,
      '--strategy',
      'ema-cross',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
      '--exchange',
      'sim',
      '--decide',
      'ensemble',
      '--agents',
      'llm',
    ],
    { OPENTRADE_CONFIG: config, OPENTRADE_HOME: home, OPENAI_API_KEY: undefined },
  );
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/agents think with openai but OPENAI_API_KEY is not set — export OPENAI_API_KEY/);
});
