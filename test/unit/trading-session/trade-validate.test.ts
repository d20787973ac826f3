// `opentrade trade` refuses bad input before any workflow starts; the venue is the real (offline) SimExchange.
import { validateTrade, type TradeFlags } from '../../../infra/services/sessions/validate-trade';
import { ConfigSchema } from '../../../core/config/schema';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';

const config = ConfigSchema.parse({
  gateway: { token: 'x'.repeat(40) },
  risk: { max_daily_loss_pct: 3 },
  exchanges: [
    { id: 'sim' },
    { id: 'binance', credentials: { apiKey: 'OT_TEST_KEY', secret: 'OT_TEST_SECRET' } },
    { id: 'okx' },
  ],
});
const sim = new SimExchange({ clock: { wallStart: Date.now(), speed: 1 } });
const venue = async () => sim;
const flags = (over: Partial<TradeFlags> = {}): TradeFlags => ({
  mode: 'paper',
  exchange: 'sim',
  symbol: ['BTC/USDT'],
  timeframe: '1m',
  strategy: 'ema-cross',
  ...over,
});
const check = (over: Partial<TradeFlags>, env: NodeJS.ProcessEnv = {}) =>
  validateTrade(flags(over), config, env, venue);

describe('trade validation', () => {
  test('a valid paper session on the sim takes its risk limits from the config', async () => {
    const v = await check({ cycles: '5', params: '{"fast":5}', speed: '60' });
    expect(v.input).toMatchObject({
      mode: 'paper',
      exchange: 'sim',
      symbols: ['BTC/USDT'],
      maxCycles: 5,
      strategy: { name: 'ema-cross' },
    });
    expect(v.input.strategy.params.fast).toBe(5);
    expect(v.input.riskLimits.max_daily_loss_pct).toBe(3);
    expect(v.speed).toBe(60);
  });

  test('an unknown strategy lists the valid ones', async () => {
    await expect(check({ strategy: 'moon' })).rejects.toThrow(/unknown strategy "moon".*ema-cross/);
  });

  test('bad params are named', async () => {
    await expect(check({ params: '{fast' })).rejects.toThrow(/--params is not valid JSON/);
    await expect(check({ params: '{"nope":1}' })).rejects.toThrow(/unknown parameter "nope"/);
  });

  test('a symbol the exchange does not list names some that it does', async () => {
    await expect(check({ symbol: ['DOGE/EUR'] })).rejects.toThrow(/symbol "DOGE\/EUR" is not listed on sim/);
    await expect(check({ symbol: ['DOGE/EUR'] })).rejects.toMatchObject({ hint: expect.stringMatching(/BTC\/USDT/) });
  });

  test('an unsupported timeframe lists the supported ones', async () => {
    await expect(check({ timeframe: '7m' })).rejects.toMatchObject({
      message: 'timeframe "7m" is not supported by sim',
      hint: expect.stringMatching(/1m, 3m, 5m/),
    });
  });

  test('an exchange that is not configured is refused', async () => {
    await expect(check({ exchange: 'kraken' })).rejects.toThrow(/exchange "kraken" is not configured/);
  });

  test('live mode: refused on the sim, without --confirm-live, without credentials', async () => {
    await expect(check({ mode: 'live', confirmLive: true })).rejects.toThrow(/live mode on the sim market is refused/);
    await expect(
      check({ mode: 'live', exchange: 'binance' }, { OT_TEST_KEY: 'k', OT_TEST_SECRET: 's' }),
    ).rejects.toThrow(/needs --confirm-live/);
    await expect(check({ mode: 'live', exchange: 'okx', confirmLive: true })).rejects.toThrow(
      /no credentials configured/,
    );
    const missing = check({ mode: 'live', exchange: 'binance', confirmLive: true }, { OT_TEST_KEY: 'k' });
    await expect(missing).rejects.toThrow(/OT_TEST_SECRET/);
  });

  test('live mode with confirmation and credentials passes, and the secret is nowhere in the input', async () => {
    const v = await check(
      { mode: 'live', exchange: 'binance', confirmLive: true },
      { OT_TEST_KEY: 'key-value-1', OT_TEST_SECRET: 'secret-value-1' },
    );
    expect(v.input.mode).toBe('live');
    expect(JSON.stringify(v.input)).not.toMatch(/secret-value-1|key-value-1/);
  });

  test('other bad flags', async () => {
    await expect(check({ mode: 'demo' })).rejects.toThrow(/--mode must be paper or live/);
    await expect(check({ cycles: '0' })).rejects.toThrow(/--cycles must be a positive integer/);
    await expect(check({ speed: '-2' })).rejects.toThrow(/--speed must be a positive number/);
    await expect(check({ symbol: [] })).rejects.toThrow(/at least one --symbol/);
  });
});
