import { flatten, getPath, parseCliValue, setPath, splitPath } from '../../../core/config/dotted-path';

describe('dotted config paths', () => {
  const cfg = { risk: { max_leverage: 3 }, exchanges: [{ id: 'sim', sandbox: true }] };

  it('reads nested keys and array indexes', () => {
    expect(getPath(cfg, 'risk.max_leverage')).toBe(3);
    expect(getPath(cfg, 'exchanges.0.id')).toBe('sim');
    expect(getPath(cfg, 'risk.nope.deeper')).toBeUndefined();
  });

  it('sets without mutating the original, creating missing objects and arrays', () => {
    const next = setPath(cfg, 'risk.max_leverage', 5);
    expect(next.risk.max_leverage).toBe(5);
    expect(cfg.risk.max_leverage).toBe(3);
    const withArr: any = setPath({}, 'exchanges.0.id', 'binance');
    expect(Array.isArray(withArr.exchanges)).toBe(true);
    expect(withArr.exchanges[0].id).toBe('binance');
  });

  it('rejects empty segments with a message naming the path', () => {
    expect(() => splitPath('risk..x')).toThrow(/invalid config path "risk\.\.x"/);
    expect(() => splitPath('')).toThrow(/invalid config path/);
  });

  it('parses CLI values as JSON when possible, else as strings', () => {
    expect(parseCliValue('5')).toBe(5);
    expect(parseCliValue('true')).toBe(true);
    expect(parseCliValue('[1,2]')).toEqual([1, 2]);
    expect(parseCliValue('binance')).toBe('binance');
  });

  it('flattens leaves to path/value pairs', () => {
    expect(flatten(cfg)).toEqual([
      ['risk.max_leverage', 3],
      ['exchanges.0.id', 'sim'],
      ['exchanges.0.sandbox', true],
    ]);
  });
});
