import { ValidationError } from '../../../core/errors';
import { parseProtectionsConfig } from '../../../core/protections/protections-config-schema';

const valid = {
  stoplossGuard: { lookbackCandles: 60, tradeLimit: 3, stopDurationCandles: 30, onlyPerPair: true },
  maxDrawdown: { lookbackCandles: 200, tradeLimit: 5, stopDurationCandles: 60, maxAllowedDrawdownPct: 10 },
  cooldownPeriod: { stopDurationCandles: 5 },
  lowProfitPairs: { lookbackCandles: 300, tradeLimit: 2, stopDurationCandles: 60, requiredProfitPct: -1 },
};

/** The error's field and message, or a failure if it parsed. */
function rejection(input: unknown): { field?: string; message: string } {
  try {
    parseProtectionsConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const { field, message } = e as ValidationError;
    return { field, message };
  }
  throw new Error(`parsed: ${JSON.stringify(input)}`);
}

const withSetting = (protection: keyof typeof valid, setting: string, value: unknown) => ({
  [protection]: { ...valid[protection], [setting]: value },
});

describe('parseProtectionsConfig', () => {
  it('accepts a full config as is', () => {
    expect(parseProtectionsConfig(valid)).toEqual(valid);
  });

  it('treats absent and empty as no protections, and onlyPerPair as false unless set', () => {
    expect(parseProtectionsConfig(undefined)).toEqual({});
    expect(parseProtectionsConfig({})).toEqual({});
    const { onlyPerPair: _, ...rest } = valid.stoplossGuard;
    expect(parseProtectionsConfig({ stoplossGuard: rest })).toEqual({
      stoplossGuard: { ...rest, onlyPerPair: false },
    });
  });

  it('names the field and its range', () => {
    expect(rejection(withSetting('stoplossGuard', 'tradeLimit', 0))).toEqual({
      field: 'protections.stoplossGuard.tradeLimit',
      message: 'protections.stoplossGuard.tradeLimit: must be an integer within 1..1000, got 0',
    });
    expect(rejection(withSetting('lowProfitPairs', 'tradeLimit', 1001)).message).toBe(
      'protections.lowProfitPairs.tradeLimit: must be an integer within 1..1000, got 1001',
    );
  });

  it('takes candle counts as integers within 1..10000', () => {
    expect(parseProtectionsConfig(withSetting('maxDrawdown', 'lookbackCandles', 10_000))).toBeTruthy();
    expect(parseProtectionsConfig(withSetting('maxDrawdown', 'lookbackCandles', 1))).toBeTruthy();
    expect(rejection(withSetting('maxDrawdown', 'lookbackCandles', 10_001)).message).toBe(
      'protections.maxDrawdown.lookbackCandles: must be an integer within 1..10000, got 10001',
    );
    expect(rejection(withSetting('cooldownPeriod', 'stopDurationCandles', 1.5)).message).toBe(
      'protections.cooldownPeriod.stopDurationCandles: must be an integer within 1..10000, got 1.5',
    );
    expect(rejection(withSetting('stoplossGuard', 'lookbackCandles', '60')).message).toBe(
      'protections.stoplossGuard.lookbackCandles: must be an integer within 1..10000, got "60"',
    );
  });

  it('takes maxAllowedDrawdownPct above 0 and at most 100', () => {
    expect(parseProtectionsConfig(withSetting('maxDrawdown', 'maxAllowedDrawdownPct', 100))).toBeTruthy();
    expect(parseProtectionsConfig(withSetting('maxDrawdown', 'maxAllowedDrawdownPct', 0.01))).toBeTruthy();
    for (const bad of [0, -1, 100.5, Infinity, NaN])
      expect(rejection(withSetting('maxDrawdown', 'maxAllowedDrawdownPct', bad)).message).toBe(
        `protections.maxDrawdown.maxAllowedDrawdownPct: must be a number above 0 and at most 100, got ${bad}`,
      );
  });

  it('takes requiredProfitPct within -100..100', () => {
    expect(parseProtectionsConfig(withSetting('lowProfitPairs', 'requiredProfitPct', -100))).toBeTruthy();
    expect(parseProtectionsConfig(withSetting('lowProfitPairs', 'requiredProfitPct', 100))).toBeTruthy();
    expect(rejection(withSetting('lowProfitPairs', 'requiredProfitPct', -100.5)).message).toBe(
      'protections.lowProfitPairs.requiredProfitPct: must be a number within -100..100, got -100.5',
    );
  });

  it('says a missing setting is required', () => {
    expect(rejection({ cooldownPeriod: {} })).toEqual({
      field: 'protections.cooldownPeriod.stopDurationCandles',
      message: 'protections.cooldownPeriod.stopDurationCandles: is required: an integer within 1..10000',
    });
  });

  it('names an unknown protection or setting and lists the valid ones', () => {
    expect(rejection({ cooldown: { stopDurationCandles: 5 } })).toEqual({
      field: 'protections.cooldown',
      message:
        'protections.cooldown: unknown protection (valid: stoplossGuard, maxDrawdown, cooldownPeriod, lowProfitPairs)',
    });
    expect(rejection(withSetting('cooldownPeriod', 'lookbackCandles', 5))).toEqual({
      field: 'protections.cooldownPeriod.lookbackCandles',
      message: 'protections.cooldownPeriod.lookbackCandles: unknown setting (valid: stopDurationCandles)',
    });
  });

  it('says what an object should hold when it is not one', () => {
    expect(rejection(5).message).toBe(
      'protections: must be an object with stoplossGuard, maxDrawdown, cooldownPeriod, lowProfitPairs, got 5',
    );
    expect(rejection({ stoplossGuard: null }).message).toBe(
      'protections.stoplossGuard: must be an object with lookbackCandles, tradeLimit, stopDurationCandles, onlyPerPair, got null',
    );
    expect(rejection(withSetting('stoplossGuard', 'onlyPerPair', 'yes')).message).toBe(
      'protections.stoplossGuard.onlyPerPair: must be true or false, got "yes"',
    );
  });
});
