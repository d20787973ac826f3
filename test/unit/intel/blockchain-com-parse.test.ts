import { parseBlockchainChart } from '../../../infra/adapters/intel/blockchain-com-parse';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 5, 12);
const chart = (values: unknown, status: unknown = 'ok') => ({
  status,
  name: 'Total Hash Rate (TH/s)',
  unit: 'Hash Rate TH/s',
  period: 'day',
  description: 'The estimated number of terahashes per second...',
  values,
});

describe('parseBlockchainChart', () => {
  test('x in Unix seconds becomes observedAt in ms; known one publication lag later, never after now', () => {
    const d3 = Date.UTC(2024, 11, 3);
    const d4 = Date.UTC(2024, 11, 4);
    const d5 = Date.UTC(2024, 11, 5);
    const r = parseBlockchainChart(
      chart([
        { x: d3 / 1000, y: 7.1e8 },
        { x: d4 / 1000, y: 7.2e8 },
        { x: d5 / 1000, y: 7.3e8 },
      ]),
      'blockchain.hash_rate',
      'hash-rate',
      NOW,
    );
    expect(r.observations).toEqual([
      { seriesId: 'blockchain.hash_rate', observedAt: d3, knownAt: d3 + DAY, value: 7.1e8 },
      { seriesId: 'blockchain.hash_rate', observedAt: d4, knownAt: d4 + DAY, value: 7.2e8 },
      // Today's point cannot have been known later than we had it in hand.
      { seriesId: 'blockchain.hash_rate', observedAt: d5, knownAt: NOW, value: 7.3e8 },
    ]);
    expect(r.skipped).toEqual([]);
  });

  test('a non-number, a string, a future x and a non-object entry are skipped with reasons', () => {
    const d4 = Date.UTC(2024, 11, 4) / 1000;
    const r = parseBlockchainChart(
      chart([
        { x: d4, y: 'NaN' },
        { x: String(d4), y: 5 },
        { x: (NOW + 10 * 60_000) / 1000, y: 5 },
        42,
        { x: d4, y: 7 },
      ]),
      'blockchain.transactions',
      'n-transactions',
      NOW,
    );
    expect(r.observations.map((o) => o.value)).toEqual([7]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/value is not a finite number/),
      expect.stringMatching(/timestamp is not a number/),
      expect.stringMatching(/in the future/),
      expect.stringMatching(/not an object/),
    ]);
  });

  test('a timestamp a few minutes ahead (clock skew) is kept', () => {
    const r = parseBlockchainChart(
      chart([{ x: (NOW + 4 * 60_000) / 1000, y: 1 }]),
      'blockchain.hash_rate',
      'hash-rate',
      NOW,
    );
    expect(r.observations).toHaveLength(1);
  });

  test('status other than ok, missing values or a non-object are malformed', () => {
    const cases: unknown[] = [chart([], 'error'), { status: 'ok' }, chart({}), [], 'ok', null];
    for (const c of cases) {
      let err: unknown;
      try {
        parseBlockchainChart(c, 'blockchain.hash_rate', 'hash-rate', NOW);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).kind).toBe('malformed');
    }
  });
});
