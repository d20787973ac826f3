// The two date forms feeds use: RFC 822 in RSS's pubDate ("Thu, 04 Dec 2026 13:40:00 +0000") and
// RFC 3339 in Atom ("2026-12-04T13:40:00Z"). Read strictly rather than with Date.parse, which takes
// almost anything and guesses a zone: a date without a zone could be hours off, and point in time
// depends on it, so it is unreadable.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 zone names and their offsets from UTC in minutes (military letters other than Z are ambiguous). */
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** UTC ms of the fields, or undefined when one is out of range (31 Feb, 25:00). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number) {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const day = new Date(Date.UTC(y, mo, d));
  if (day.getUTCMonth() !== mo || day.getUTCDate() !== d) return undefined;
  // A leap second is read as the second before it.
  return Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
}

function offsetOf(zone: string): number | undefined {
  const num = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (num) {
    const [h, m] = [Number(num[2]), Number(num[3])];
    if (h > 14 || m > 59) return undefined;
    return (num[1] === '-' ? -1 : 1) * (h * 60 + m);
  }
  return ZONES[zone.toUpperCase()];
}

/** RFC 822 / 2822 date-time with a zone, e.g. "Thu, 04 Dec 2026 13:40:00 +0000" or "4 Dec 26 08:40 EST". */
export function parseRfc822(s: string): number | undefined {
  const m =
    /^(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,3}|[+-]\d{2}:?\d{2})$/.exec(
      s.trim(),
    );
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase());
  const offset = offsetOf(m[7]);
  if (month < 0 || offset === undefined) return undefined;
  let year = Number(m[3]);
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  return utc(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, offset);
}

/** RFC 3339 / ISO 8601 date-time with a zone, e.g. "2026-12-04T13:40:00Z" or "2026-12-04T08:40:00.5-05:00". */
export function parseIso8601(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([Zz]|[+-]\d{2}:?\d{2})$/.exec(
    s.trim(),
  );
  if (!m) return undefined;
  const offset = offsetOf(m[8]);
  if (offset === undefined) return undefined;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms, offset);
}

/** Either form: feeds mix them (an RSS pubDate in ISO form, Atom with an RFC 822 date is rarer). */
export const parseFeedDate = (s: string): number | undefined => parseRfc822(s) ?? parseIso8601(s);
