import { ValidationError } from '../../../core/errors';
import {
  parseProtectionFlag,
  parseProtectionFlags,
  parseProtectionsConfig,
} from '../../../core/protections/protections-config-schema';

function rejection(spec: string): { field?: string; message: string; hint?: string } {
  try {
    parseProtectionFlag(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const { field, message, hint } = e as ValidationError;
    return { field, message, hint };
  }
  throw new Error(`parsed: ${spec}`);
}

describe('parseProtectionFlag', () => {
  it('reads each protection from its spec', () => {
    expect(parseProtectionFlag('stoploss-guard:lookback=60,limit=3,duration=30,per-pair')).toEqual({
      stoplossGuard: { lookbackCandles: 60, tradeLimit: 3, stopDurationCandles: 30, onlyPerPair: true },
    });
    expect(parseProtectionFlag('max-drawdown:lookback=200,limit=5,duration=60,max=10')).toEqual({
      maxDrawdown: { lookbackCandles: 200, tradeLimit: 5, stopDurationCandles: 60, maxAllowedDrawdownPct: 10 },
    });
    expect(parseProtectionFlag('cooldown:duration=5')).toEqual({ cooldownPeriod: { stopDurationCandles: 5 } });
    expect(parseProtectionFlag('low-profit:lookback=300,limit=2,duration=60,required=-1')).toEqual({
      lowProfitPairs: { lookbackCandles: 300, tradeLimit: 2, stopDurationCandles: 60, requiredProfitPct: -1 },
    });
  });

  it('gives what the config parser accepts unchanged', () => {
    const one = parseProtectionFlag('max-drawdown:lookback=200,limit=5,duration=60,max=12.5');
    expect(parseProtectionsConfig(one)).toEqual(one);
  });

  it('reads per-pair as a switch, with an optional true or false', () => {
    const guard = (tail: string) => parseProtectionFlag(`stoploss-guard:lookback=60,limit=3,duration=30${tail}`);
    expect(guard('').stoplossGuard?.onlyPerPair).toBe(false);
    expect(guard(',per-pair=true').stoplossGuard?.onlyPerPair).toBe(true);
    expect(guard(',per-pair=false').stoplossGuard?.onlyPerPair).toBe(false);
    expect(rejection('stoploss-guard:lookback=60,limit=3,duration=30,per-pair=1').message).toBe(
      'stoploss-guard per-pair: takes no value, or true or false, got "1"',
    );
  });

  it('tolerates spaces and any order', () => {
    expect(parseProtectionFlag(' cooldown : duration = 5 ')).toEqual({ cooldownPeriod: { stopDurationCandles: 5 } });
    expect(parseProtectionFlag('low-profit:required=0.5,duration=6,limit=1,lookback=10')).toEqual({
      lowProfitPairs: { lookbackCandles: 10, tradeLimit: 1, stopDurationCandles: 6, requiredProfitPct: 0.5 },
    });
  });

  it('lists the valid protections for an unknown name', () => {
    expect(rejection('stoploss:limit=3')).toEqual({
      field: 'protections',
      message:
        'protection "stoploss:limit=3": unknown protection "stoploss" (valid: stoploss-guard, max-drawdown, cooldown, low-profit)',
      hint: undefined,
    });
  });

  it('knows no names or settings from the object prototype', () => {
    expect(rejection('toString:duration=5').message).toContain('unknown protection "toString"');
    expect(rejection('cooldown:constructor=5').message).toContain('unknown setting "constructor"');
  });

  it('lists the valid settings for an unknown one', () => {
    expect(rejection('cooldown:duration=5,lookback=3')).toEqual({
      field: 'protections.cooldownPeriod.lookback',
      message: 'cooldown: unknown setting "lookback" (valid: duration)',
      hint: 'e.g. cooldown:duration=5',
    });
  });

  it('names missing settings and what the protection needs', () => {
    expect(rejection('stoploss-guard:lookback=60').message).toBe(
      'stoploss-guard: missing limit, duration (needs lookback, limit, duration)',
    );
    expect(rejection('cooldown').message).toBe('cooldown: missing duration (needs duration)');
  });

  it('refuses values that are absent, not numbers or given twice', () => {
    expect(rejection('cooldown:duration').message).toBe('cooldown duration: needs a value, e.g. duration=…');
    expect(rejection('cooldown:duration=').message).toBe('cooldown duration: needs a value, e.g. duration=…');
    expect(rejection('cooldown:duration=five').message).toBe('cooldown duration: must be a number, got "five"');
    expect(rejection('cooldown:duration=0x10').message).toBe('cooldown duration: must be a number, got "0x10"');
    expect(rejection('cooldown:duration=5,duration=6').message).toBe('cooldown duration: given twice');
    expect(rejection('cooldown:duration=5,').message).toBe('cooldown: empty setting in "cooldown:duration=5,"');
  });

  it('checks ranges like the config and names the setting by its flag name', () => {
    expect(rejection('stoploss-guard:lookback=60,limit=0,duration=30')).toEqual({
      field: 'protections.stoplossGuard.tradeLimit',
      message: 'stoploss-guard limit: must be an integer within 1..1000, got 0',
      hint: 'e.g. stoploss-guard:lookback=60,limit=3,duration=30,per-pair',
    });
    expect(rejection('max-drawdown:lookback=200,limit=5,duration=60,max=0').message).toBe(
      'max-drawdown max: must be a number above 0 and at most 100, got 0',
    );
    expect(rejection('low-profit:lookback=300,limit=2,duration=2.5,required=-1').message).toBe(
      'low-profit duration: must be an integer within 1..10000, got 2.5',
    );
  });
});

describe('parseProtectionFlags', () => {
  it('combines one spec per protection', () => {
    expect(
      parseProtectionFlags(['cooldown:duration=5', 'max-drawdown:lookback=200,limit=5,duration=60,max=10']),
    ).toEqual({
      cooldownPeriod: { stopDurationCandles: 5 },
      maxDrawdown: { lookbackCandles: 200, tradeLimit: 5, stopDurationCandles: 60, maxAllowedDrawdownPct: 10 },
    });
    expect(parseProtectionFlags([])).toEqual({});
  });

  it('refuses the same protection twice', () => {
    expect(() => parseProtectionFlags(['cooldown:duration=5', 'cooldown:duration=6'])).toThrow(
      'cooldown: given twice: one spec per protection',
    );
  });
});
