// Timeframe strings as ccxt writes them ('1m', '4h', '1d', '1w', '1M').
const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000, // 30 days: only used to step pagination, never to align calendar months
  y: 31_536_000_000,
};

export function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([smhdwMy])$/.exec(timeframe);
  if (!match || Number(match[1]) <= 0) {
    throw new RangeError(
      `unsupported timeframe "${timeframe}": expected a number and a unit, e.g. 1m, 5m, 1h, 4h, 1d, 1w`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2]];
}
