import { parseSince } from '../../../core/llm/usage-since';

const NOW = Date.UTC(2026, 11, 3, 12);

describe('parseSince', () => {
  it.each([
    ['30m', NOW - 30 * 60_000],
    ['12h', NOW - 12 * 3_600_000],
    ['1d', NOW - 86_400_000],
    [' 7d ', NOW - 7 * 86_400_000],
    ['2w', NOW - 14 * 86_400_000],
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    // Zone-less times are UTC, whatever the machine's zone.
    ['2026-12-01T06:30:00', Date.UTC(2026, 11, 1, 6, 30)],
    ['2026-12-01T06:30:00+02:00', Date.UTC(2026, 11, 1, 4, 30)],
    ['1764547200000', 1764547200000],
  ])('reads %j', (text, ms) => {
    expect(parseSince(text, NOW)).toBe(ms);
  });

  it.each(['', 'yesterday', '7y', '1.5d', '-1d', 'd', '2026-13-45'])('refuses %j', (text) => {
    expect(parseSince(text, NOW)).toBeUndefined();
  });
});
