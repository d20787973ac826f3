import { parseFearGreed } from '../../../infra/adapters/intel/fear-greed-parse';
import { fearGreedLimit, FEAR_GREED_FIRST_DAY } from '../../../infra/adapters/intel/fear-greed';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 13, 0);
const TODAY = Date.UTC(2026, 11, 4);
const sec = (ms: number) => String(ms / 1000);

// The real API's answer: strings, Unix seconds, newest first, time_until_update on the newest only.
const answer = (data: unknown[], error: unknown = null) => ({
  name: 'Fear and Greed Index',
  data,
  metadata: { error },
});

describe('parseFearGreed', () => {
  it('reads string values and Unix-second timestamps into observations, oldest first', () => {
    const r = parseFearGreed(
      answer([
        { value: '40', value_classification: 'Fear', timestamp: sec(TODAY), time_until_update: '39600' },
        { value: '77', value_classification: 'Extreme Greed', timestamp: sec(TODAY - DAY) },
      ]),
      NOW,
    );
    expect(r.skipped).toEqual([]);
    expect(r.observations).toEqual([
      { seriesId: 'fear_greed.index', observedAt: TODAY - DAY, knownAt: TODAY - DAY, value: 77 },
      { seriesId: 'fear_greed.index', observedAt: TODAY, knownAt: TODAY, value: 40 },
    ]);
  });

  it('skips a value that is not an integer 0..100, naming it', () => {
    const bad = ['abc', '101', '-1', '40.5', '', null, undefined];
    const r = parseFearGreed(answer(bad.map((value, i) => ({ value, timestamp: sec(TODAY - i * DAY) }))), NOW);
    expect(r.observations).toEqual([]);
    expect(r.skipped).toHaveLength(bad.length);
    expect(r.skipped[0].reason).toBe('value is not an integer 0..100: "abc"');
    expect(r.skipped[6].reason).toBe('value is not an integer 0..100: missing');
  });

  it('skips a timestamp in the future or not in Unix seconds, keeps one a minute ahead (clock skew)', () => {
    const r = parseFearGreed(
      answer([
        { value: '50', timestamp: sec(NOW + 2 * DAY) },
        { value: '50', timestamp: '2026-12-04' },
        { value: '51', timestamp: sec(NOW + 60_000) },
      ]),
      NOW,
    );
    expect(r.skipped.map((s) => s.reason)).toEqual([
      `timestamp ${new Date(NOW + 2 * DAY).toISOString()} is in the future`,
      'timestamp is not Unix seconds: "2026-12-04"',
    ]);
    // knownAt never after the fetch: the value a minute ahead was in hand at NOW.
    expect(r.observations).toEqual([
      { seriesId: 'fear_greed.index', observedAt: NOW + 60_000, knownAt: NOW, value: 51 },
    ]);
  });

  it('keeps the first (newest) reading of a day listed twice', () => {
    const r = parseFearGreed(
      answer([
        { value: '30', timestamp: sec(TODAY) },
        { value: '31', timestamp: sec(TODAY) },
      ]),
      NOW,
    );
    expect(r.observations.map((o) => o.value)).toEqual([30]);
  });

  it('fails as malformed on a reported error or a wrong shape', () => {
    const fails = (body: unknown) => {
      try {
        parseFearGreed(body, NOW);
      } catch (e) {
        return e as ProviderError;
      }
      throw new Error('did not throw');
    };
    const apiError = fails(answer([], 'Limit must be a number'));
    expect(apiError).toBeInstanceOf(ProviderError);
    expect(apiError.kind).toBe('malformed');
    expect(apiError.message).toContain('Limit must be a number');
    expect(fails([1, 2]).kind).toBe('malformed');
    expect(fails({ name: 'x', data: 'none' }).message).toContain('no data array');
  });
});

describe('fearGreedLimit', () => {
  it('asks for enough days to reach the start of the range, all of them before the first day', () => {
    expect(fearGreedLimit(TODAY, NOW)).toBe(2);
    expect(fearGreedLimit(TODAY - 10 * DAY, NOW)).toBe(12);
    expect(fearGreedLimit(FEAR_GREED_FIRST_DAY - DAY, NOW)).toBe(0);
    expect(fearGreedLimit(NOW + DAY, NOW)).toBe(1);
  });
});
