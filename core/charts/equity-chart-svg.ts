// An equity curve as an SVG document: what the daily summary attaches (rendered to PNG where it is
// sent). Pure and deterministic: the same points give the same bytes. The line is green when the
// period ended above where it started, red otherwise; the axes carry the first, last, lowest and
// highest values and the period's UTC times.
const W = 800;
const H = 400;
const PAD = { left: 80, right: 20, top: 48, bottom: 40 };

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (n: number) => (Math.abs(n) >= 1000 ? n.toFixed(0) : n.toPrecision(5));
const hhmm = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

export function equityChartSvg(title: string, times: readonly number[], equity: readonly number[]): string {
  if (times.length !== equity.length) throw new RangeError('equityChartSvg: times and equity differ in length');
  const n = equity.length;
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#ffffff"/><text x="${PAD.left}" y="28" font-family="sans-serif" font-size="18" fill="#111827">${esc(title)}</text>`;
  if (n === 0)
    return `${head}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#6b7280">no equity recorded</text></svg>`;
  const t0 = times[0];
  const t1 = times[n - 1] > t0 ? times[n - 1] : t0 + 1;
  let lo = Math.min(...equity);
  let hi = Math.max(...equity);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const points = equity.map((v, i) => `${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const colour = equity[n - 1] >= equity[0] ? '#16a34a' : '#dc2626';
  const label = (yy: number, v: number) =>
    `<text x="${PAD.left - 8}" y="${(yy + 4).toFixed(1)}" text-anchor="end" font-family="sans-serif" font-size="12" fill="#374151">${money(v)}</text><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="#e5e7eb"/>`;
  const axisY = H - PAD.bottom;
  return [
    head,
    label(y(hi), hi),
    label(y(lo), lo),
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${axisY}" y2="${axisY}" stroke="#9ca3af"/>`,
    `<text x="${PAD.left}" y="${axisY + 20}" font-family="sans-serif" font-size="12" fill="#374151">${hhmm(t0)} UTC</text>`,
    `<text x="${W - PAD.right}" y="${axisY + 20}" text-anchor="end" font-family="sans-serif" font-size="12" fill="#374151">${hhmm(times[n - 1])} UTC</text>`,
    `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>`,
    `<text x="${W - PAD.right}" y="28" text-anchor="end" font-family="sans-serif" font-size="14" fill="${colour}">${money(equity[0])} → ${money(equity[n - 1])}</text>`,
    '</svg>',
  ].join('');
}
