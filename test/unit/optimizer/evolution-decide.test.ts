// The evolution request's decision mode: strategy-only unless asked, the pipeline modes with the
// venue model and risk limits they score under, and every bad combination refused by name.
import { RiskLimitsSchema } from '../../../core/config/schema';
import { higherTimeframeOf } from '../../../core/candles/higher-timeframe';
import { parseEvolutionRequest } from '../../../core/optimizer/evolution-request';
import { SIM_ASSETS, simMarkets } from '../../../infra/adapters/exchange/sim-markets';
import { pipelineSetup } from '../../../infra/services/evolution/pipeline-setup';

const base = {
  strategy: 'ema-cross',
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  window: { trainDays: 100, oosDays: 30 },
};
const limits = RiskLimitsSchema.parse({ max_position_pct: 4 });

describe('the request', () => {
  it('defaults to strategy-only without risk limits', () => {
    const r = parseEvolutionRequest(base);
    expect(r.decide).toBe('strategy-only');
    expect(r.riskLimits).toBeUndefined();
  });

  it('takes a pipeline mode with the session risk limits', () => {
    expect(parseEvolutionRequest({ ...base, decide: 'ensemble', riskLimits: limits })).toMatchObject({
      decide: 'ensemble',
      riskLimits: limits,
    });
  });

  it('refuses an unknown mode and risk limits strategy-only would ignore, naming the field', () => {
    expect(() => parseEvolutionRequest({ ...base, decide: 'fast' })).toThrow(
      /evolution request decide: .*strategy-only/,
    );
    expect(() => parseEvolutionRequest({ ...base, riskLimits: limits })).toThrow(/evolution request riskLimits:/);
    expect(() => parseEvolutionRequest({ ...base, decide: 'strategy', riskLimits: { max_position_pct: 500 } })).toThrow(
      /evolution request riskLimits.max_position_pct/,
    );
  });
});

describe('the pipeline setup', () => {
  it('is nothing for strategy-only', () => {
    expect(pipelineSetup({ decide: 'strategy-only', symbol: 'BTC/USDT', timeframe: '1h' }, 10_000)).toBeUndefined();
  });

  it("is the sim venue's pair, the next timeframe up and the given or default risk limits", () => {
    expect(
      pipelineSetup({ decide: 'strategy', symbol: 'ETH/USDT', timeframe: '15m', riskLimits: limits }, 5_000),
    ).toEqual({
      decide: 'strategy',
      symbol: 'ETH/USDT',
      market: simMarkets(SIM_ASSETS)['ETH/USDT'],
      timeframe: '15m',
      higherTimeframe: '30m',
      riskLimits: limits,
      initialCapital: 5_000,
    });
    expect(pipelineSetup({ decide: 'ensemble', symbol: 'BTC/USDT', timeframe: '1h' }, 10_000)?.riskLimits).toEqual(
      RiskLimitsSchema.parse({}),
    );
  });

  it('refuses a pair the venue model does not know, listing those it does', () => {
    expect(() => pipelineSetup({ decide: 'strategy', symbol: 'DOGE/USDT', timeframe: '1h' }, 10_000)).toThrow(
      /symbol DOGE\/USDT: decide strategy .* BTC\/USDT, BTC\/USDT:USDT, ETH\/USDT/,
    );
  });

  it('reads the higher trend from the next rung that whole candles add up to', () => {
    expect(higherTimeframeOf('1m')).toBe('3m');
    expect(higherTimeframeOf('1h')).toBe('2h');
    expect(higherTimeframeOf('8h')).toBe('1d');
    expect(higherTimeframeOf('1w')).toBeUndefined();
  });
});
