/** Display helpers shared by the dashboard pages (UTC everywhere, like the gateway). */

export function dateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A quantity: as many decimals as it needs, up to 8. */
export function qty(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: 8 });
}

export function signed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value > 0 ? '+' : ''}${num(value, digits)}`;
}

export function pct(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${num(value, digits)} %`;
}

export function tone(value: number | null | undefined): 'up' | 'down' | '' {
  if (!value) return '';
  return value > 0 ? 'up' : 'down';
}

/** Milliseconds or ISO string → UTC seconds, what lightweight-charts calls time. */
export function chartTime(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Math.floor(ms / 1000);
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** "ema-cross v3", or just the name while it runs on built-in defaults. */
export function versioned(name: string, version: number | null | undefined): string {
  return version ? `${name} v${version}` : name;
}

/** "2026-11-26 10:00:00 · finished 2026-11-26 10:05:00", or the start alone while it runs. */
export function timeSpan(
  start: string | number | null | undefined,
  end: string | number | null | undefined,
  endWord: string,
): string {
  return end ? `${dateTime(start)} · ${endWord} ${dateTime(end)}` : dateTime(start);
}

/** US dollars to a hundredth of a cent: one quick-model call costs a fraction of a cent. */
export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `$${value.toFixed(4)}`;
}
