// Where a usage report starts, as a person types it: a span back from now (`12h`, `1d`, `7d`), or a
// time (ISO, zone-less read as UTC like every time we take, or UTC milliseconds). The CLI's --since
// and the gateway's ?since= read it the same way.
import { parseCandleTime } from '../candles/parse-time';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const SINCE_FORMS = 'a span back from now (30m, 12h, 1d, 7d, 2w), an ISO date/time or UTC milliseconds';

/** UTC milliseconds, or undefined when the text is none of the forms. */
export function parseSince(text: string, nowMs: number): number | undefined {
  const span = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (span) return nowMs - Number(span[1]) * UNIT_MS[span[2]];
  const t = parseCandleTime(text);
  return Number.isFinite(t) && t >= 0 ? t : undefined;
}
