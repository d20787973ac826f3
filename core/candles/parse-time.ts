/**
 * A candle time: integer UTC milliseconds, or an ISO-8601 date/time. ISO text without a zone is
 * read as UTC (candle data is UTC by convention; the local zone of the machine must not matter).
 * Returns NaN when the text is neither.
 */
export function parseCandleTime(text: string): number {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const ms = Number(t);
    return Number.isInteger(ms) ? ms : NaN;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return NaN;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  return Date.parse(dateOnly || hasZone ? t : `${t.replace(' ', 'T')}Z`);
}
