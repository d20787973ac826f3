import { fredDateMs, parseFredCsv, parseFredJson } from '../../../infra/adapters/intel/fred-parse';
import { ProviderError } from '../../../infra/adapters/intel/provider-error';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 10, 15);

describe('FRED parsers', () => {
  test('JSON: string values, dates at 00:00 UTC, known two days later; "." is missing, never zero', () => {
    const r = parseFredJson(
      {
        realtime_start: '2024-12-10',
        observation_start: '2024-12-01',
        count: 3,
        observations: [
          { realtime_start: '2024-12-10', realtime_end: '2024-12-10', date: '2024-12-02', value: '4.19' },
          { realtime_start: '2024-12-10', realtime_end: '2024-12-10', date: '2024-12-03', value: '.' },
          { realtime_start: '2024-12-10', realtime_end: '2024-12-10', date: '2024-12-04', value: '-0.05' },
        ],
      },
      'fred.DGS10',
      NOW,
    );
    const d2 = Date.UTC(2024, 11, 2);
    const d4 = Date.UTC(2024, 11, 4);
    expect(r.observations).toEqual([
      { seriesId: 'fred.DGS10', observedAt: d2, knownAt: d2 + 2 * DAY, value: 4.19 },
      { seriesId: 'fred.DGS10', observedAt: d4, knownAt: d4 + 2 * DAY, value: -0.05 },
    ]);
    expect(r.skipped).toEqual([{ what: 'fred.DGS10 observations[1] 2024-12-03', reason: 'missing value' }]);
  });

  test('JSON: a non-number, a bad date and a future date are skipped with reasons', () => {
    const r = parseFredJson(
      {
        observations: [
          { date: '2024-12-02', value: 'n/a' },
          { date: '2024-12-02', value: '4.1x' },
          { date: '2024-02-31', value: '4' },
          { date: '2024-12-31', value: '4' },
          { date: '2024-12-02', value: 4.2 },
        ],
      },
      'fred.DGS10',
      NOW,
    );
    // FRED sends strings; a bare finite number means the same and is kept.
    expect(r.observations.map((o) => o.value)).toEqual([4.2]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/not a finite number/),
      expect.stringMatching(/not a finite number/),
      expect.stringMatching(/timestamp is not a number/),
      expect.stringMatching(/in the future/),
    ]);
  });

  test('JSON: no observations array, or not an object, is malformed', () => {
    for (const bad of [{ error_code: 400, error_message: 'Bad Request.' }, [], 'x', null]) {
      let err: unknown;
      try {
        parseFredJson(bad, 'fred.DGS10', NOW);
      } catch (e) {
        err = e;
      }
      expect((err as ProviderError).kind).toBe('malformed');
    }
  });

  test('CSV: both header spellings; "." and empty cells are missing; monthly dates on the first', () => {
    for (const header of ['observation_date', 'DATE']) {
      const r = parseFredCsv(
        `${header},CPIAUCSL\r\n2024-09-01,315.3\r\n2024-10-01,.\r\n2024-11-01,\r\n`,
        'fred.CPIAUCSL',
        'CPIAUCSL',
        NOW,
      );
      const sep = Date.UTC(2024, 8, 1);
      expect(r.observations).toEqual([
        { seriesId: 'fred.CPIAUCSL', observedAt: sep, knownAt: sep + 48 * DAY, value: 315.3 },
      ]);
      expect(r.skipped.map((s) => s.reason)).toEqual(['missing value', 'missing value']);
    }
  });

  test('CSV: a wrong header (another series, an HTML page) is malformed; bad rows are skipped', () => {
    expect(() => parseFredCsv('observation_date,VIXCLS\n2024-12-02,14\n', 'fred.DGS10', 'DGS10', NOW)).toThrow(
      /header/,
    );
    expect(() => parseFredCsv('<html><body>error</body></html>', 'fred.DGS10', 'DGS10', NOW)).toThrow(ProviderError);
    expect(() => parseFredCsv('', 'fred.DGS10', 'DGS10', NOW)).toThrow(ProviderError);
    const r = parseFredCsv(
      'DATE,DGS10\n2024-12-02,4.19,extra\nDec 3,4.2\n2024-12-04,abc\n2024-12-05,4.3\n',
      'fred.DGS10',
      'DGS10',
      NOW,
    );
    expect(r.observations.map((o) => o.value)).toEqual([4.3]);
    expect(r.skipped).toHaveLength(3);
  });

  test('fredDateMs refuses what is not a real calendar date', () => {
    expect(fredDateMs('2024-12-02')).toBe(Date.UTC(2024, 11, 2));
    expect(fredDateMs('2024-13-01')).toBe('2024-13-01');
    expect(fredDateMs('2024-1-1')).toBe('2024-1-1');
  });
});
