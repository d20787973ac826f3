import { SeriesCache, type PreparedData } from '../../../activities/backtest/series-cache';
import { allocateCandleSeries } from '../../../core/candles/series';
import { allocateAdvice } from '../../../core/strategies/advice';

const data = (): PreparedData => ({ series: allocateCandleSeries(1), advice: allocateAdvice(1), segments: new Map() });

describe('SeriesCache (a worker keeps its latest runs in memory)', () => {
  it('evicts the least recently used run beyond its capacity', () => {
    const c = new SeriesCache(2);
    const a = data();
    c.set('a', a);
    c.set('b', data());
    expect(c.get('a')).toBe(a); // a is now the most recent
    c.set('c', data());
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(a);
    expect(c.get('c')).toBeDefined();
  });

  it('forgets a run on delete', () => {
    const c = new SeriesCache();
    c.set('a', data());
    c.delete('a');
    expect(c.get('a')).toBeUndefined();
  });
});
