import { parseFeedDate, parseIso8601, parseRfc822 } from '../../../infra/adapters/intel/feed-dates';

const T = Date.UTC(2026, 11, 4, 13, 40, 0);

describe('parseRfc822', () => {
  it.each([
    ['Fri, 04 Dec 2026 13:40:00 +0000', T],
    ['Fri, 04 Dec 2026 13:40:00 GMT', T],
    ['Fri, 4 Dec 2026 08:40:00 -0500', T],
    ['4 Dec 26 08:40 EST', T],
    ['Friday, 04 December 2026 14:40:00 +01:00', T],
    ['Fri, 04 Dec 2026 13:40:00 Z', T],
  ])('reads %s', (s, want) => {
    expect(parseRfc822(s)).toBe(want);
  });

  it.each([
    'Fri, 04 Dec 2026 13:40:00', // no zone: could be hours off
    'Fri, 31 Feb 2026 13:40:00 +0000',
    'Fri, 04 Dec 2026 25:40:00 +0000',
    'Fri, 04 Foo 2026 13:40:00 +0000',
    'Fri, 04 Dec 2026 13:40:00 XYZ',
    'yesterday',
    '',
  ])('refuses %j', (s) => {
    expect(parseRfc822(s)).toBeUndefined();
  });
});

describe('parseIso8601', () => {
  it.each([
    ['2026-12-04T13:40:00Z', T],
    ['2026-12-04T13:40:00.000Z', T],
    ['2026-12-04T08:40:00-05:00', T],
    ['2026-12-04T15:40:00+0200', T],
    ['2026-12-04T13:40Z', T],
  ])('reads %s', (s, want) => {
    expect(parseIso8601(s)).toBe(want);
  });

  it.each(['2026-12-04T13:40:00', '2026-12-04', '2026-13-04T13:40:00Z', '2026-02-30T00:00:00Z'])('refuses %j', (s) => {
    expect(parseIso8601(s)).toBeUndefined();
  });

  it('either form through parseFeedDate', () => {
    expect(parseFeedDate('2026-12-04T13:40:00Z')).toBe(T);
    expect(parseFeedDate('Fri, 04 Dec 2026 13:40:00 GMT')).toBe(T);
    expect(parseFeedDate('soon')).toBeUndefined();
  });
});
