// `opentrade trade` refuses bad input before any workflow starts; the venue is the real (offline) SimExchange.
import { validateTrade, type TradeFlags } from '../../../infra/services/sessions/validate-trade';
import { ConfigSchema } from '../../../core/config/schema';
import { SimExchange } from '../../../infra/adapters/exchange/sim-exchange';
import { ValidationError } from '../../../core/errors';

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

  test('the refusal lists each configured exchange once (sim among them, not repeated)', async () => {
    await expect(check({ exchange: 'kraken' })).rejects.toMatchObject({
      hint: 'configured exchanges: sim, binance, okx; add one with `opentrade config`',
    });
  });

  test('with no exchange configured the refusal says so and offers the built-in sim', async () => {
    const bare = ConfigSchema.parse({ gateway: { token: 'x'.repeat(40) }, exchanges: [] });
    await expect(validateTrade(flags({ exchange: 'binance' }), bare, {}, venue)).rejects.toMatchObject({
      hint: 'configured exchanges: (none); or sim; add one with `opentrade config`',
    });
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

describe('trade validation: decision mode, protections, trailing stop', () => {
  test('default to the strategy deciding, no protections and no trailing stop', async () => {
    const v = await check({});
    expect(v.input.decide).toBe('strategy');
    expect(v.input).not.toHaveProperty('protections');
    expect(v.input).not.toHaveProperty('trailingStopPct');
  });

  test('--decide ensemble, --protect specs merged into one config, --trailing-stop go into the input', async () => {
    const v = await check({
      decide: 'ensemble',
      protect: ['stoploss-guard:lookback=60,limit=3,duration=30,per-pair', 'cooldown:duration=5'],
      trailingStop: '2.5',
    });
    expect(v.input.decide).toBe('ensemble');
    expect(v.input.protections).toEqual({
      stoplossGuard: { lookbackCandles: 60, tradeLimit: 3, stopDurationCandles: 30, onlyPerPair: true },
      cooldownPeriod: { stopDurationCandles: 5 },
    });
    expect(v.input.trailingStopPct).toBe(2.5);
  });

  test('an unknown --decide names the flag and the valid modes', async () => {
    await expect(check({ decide: 'vote' })).rejects.toMatchObject({
      message: '--decide must be strategy or ensemble, got "vote"',
      field: 'decide',
    });
  });

  test('a bad --protect names the flag, the setting and its range', async () => {
    const outOfRange = check({ protect: ['stoploss-guard:lookback=60,limit=0,duration=30'] });
    await expect(outOfRange).rejects.toBeInstanceOf(ValidationError);
    await expect(outOfRange).rejects.toMatchObject({
      message: expect.stringMatching(/^--protect .*limit.*1\.\.1000.*got 0/),
      field: 'protections.stoplossGuard.tradeLimit',
    });
    await expect(check({ protect: ['moon:x=1'] })).rejects.toThrow(
      /^--protect .*unknown protection "moon" \(valid: stoploss-guard, max-drawdown, cooldown, low-profit\)/,
    );
    await expect(check({ protect: ['cooldown:duration=5', 'cooldown:duration=9'] })).rejects.toThrow(
      /^--protect .*given twice/,
    );
  });

  test('a protections object (the gateway body) is validated with the same ranges', async () => {
    const v = await check({
      protections: {
        maxDrawdown: { lookbackCandles: 200, tradeLimit: 5, stopDurationCandles: 60, maxAllowedDrawdownPct: 10 },
      },
    });
    expect(v.input.protections?.maxDrawdown?.maxAllowedDrawdownPct).toBe(10);
    await expect(check({ protections: { cooldownPeriod: { stopDurationCandles: 0 } } })).rejects.toMatchObject({
      field: 'protections.cooldownPeriod.stopDurationCandles',
    });
    await expect(check({ protect: ['cooldown:duration=5'], protections: {} })).rejects.toThrow(/not both/);
  });

  test.each(['0', '-1', '50.5', 'abc', ''])('--trailing-stop %j names the flag and the range', async (raw) => {
    await expect(check({ trailingStop: raw })).rejects.toMatchObject({
      message: expect.stringMatching(/^--trailing-stop: .*> 0 and <= 50/),
      field: 'trailingStopPct',
    });
  });

  test('--trailing-stop at the top of its range is accepted', async () => {
    expect((await check({ trailingStop: '50' })).input.trailingStopPct).toBe(50);
  });
});
