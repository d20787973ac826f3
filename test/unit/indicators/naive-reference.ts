// Deliberately naive reference implementations for the indicator cross-checks: every value is
// recomputed from scratch per index with closed forms (explicit weighted sums) instead of the
// recursions the production code uses, so a shared mistake is unlikely.

export const nan = (n: number): number[] => new Array<number>(n).fill(NaN);

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** x_s..x_i smoothed with factor a after seeding with `seed` at index s: closed form. */
function smoothedFromScratch(values: number[], s: number, seed: number, a: number, i: number): number {
  let v = seed * Math.pow(1 - a, i - s);
  for (let j = s + 1; j <= i; j++) v += a * Math.pow(1 - a, i - j) * values[j];
  return v;
}

export function refSma(x: number[], p: number): number[] {
  return x.map((_, i) => (i < p - 1 ? NaN : mean(x.slice(i - p + 1, i + 1))));
}

export function refEma(x: number[], p: number, start = 0): number[] {
  const s = start + p - 1;
  const seed = mean(x.slice(start, s + 1));
  return x.map((_, i) => (i < s ? NaN : smoothedFromScratch(x, s, seed, 2 / (p + 1), i)));
}

export function refWma(x: number[], p: number): number[] {
  return x.map((_, i) => {
    if (i < p - 1) return NaN;
    let num = 0;
    let den = 0;
    for (let w = 1; w <= p; w++) {
      num += w * x[i - p + w];
      den += w;
    }
    return num / den;
  });
}

export function refRsi(x: number[], p: number): number[] {
  const gains = x.map((v, i) => (i === 0 ? 0 : Math.max(0, v - x[i - 1])));
  const losses = x.map((v, i) => (i === 0 ? 0 : Math.max(0, x[i - 1] - v)));
  const g0 = mean(gains.slice(1, p + 1));
  const l0 = mean(losses.slice(1, p + 1));
  return x.map((_, i) => {
    if (i < p) return NaN;
    const g = smoothedFromScratch(gains, p, g0, 1 / p, i);
    const l = smoothedFromScratch(losses, p, l0, 1 / p, i);
    return g + l === 0 ? 0 : 100 - 100 / (1 + g / l);
  });
}

export interface Hlcv {
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export function refTrueRanges(c: Hlcv): number[] {
  return c.close.map((_, i) =>
    i === 0
      ? NaN
      : Math.max(c.high[i] - c.low[i], Math.abs(c.high[i] - c.close[i - 1]), Math.abs(c.low[i] - c.close[i - 1])),
  );
}

export function refAtr(c: Hlcv, p: number): number[] {
  const tr = refTrueRanges(c);
  const seed = mean(tr.slice(1, p + 1));
  return tr.map((_, i) => (i < p ? NaN : smoothedFromScratch(tr, p, seed, 1 / p, i)));
}

export function refMacd(x: number[], fast: number, slow: number, signal: number) {
  const f = refEma(x, fast, slow - fast);
  const s = refEma(x, slow);
  const line = x.map((_, i) => f[i] - s[i]);
  const sig = refEma(
    line.map((v) => (Number.isNaN(v) ? 0 : v)),
    signal,
    slow - 1,
  );
  const first = slow + signal - 2;
  return {
    macd: line.map((v, i) => (i < first ? NaN : v)),
    signal: sig.map((v, i) => (i < first ? NaN : v)),
    histogram: line.map((v, i) => (i < first ? NaN : v - sig[i])),
  };
}

export function refBollinger(x: number[], p: number, k: number) {
  const middle = refSma(x, p);
  const sd = x.map((_, i) => {
    if (i < p - 1) return NaN;
    const w = x.slice(i - p + 1, i + 1);
    return Math.sqrt(mean(w.map((v) => v * v)) - mean(w) ** 2);
  });
  return { middle, upper: middle.map((m, i) => m + k * sd[i]), lower: middle.map((m, i) => m - k * sd[i]) };
}

/** TA-Lib ADX written out: TA-Lib's smoothed sums in closed form, then mean and Wilder of DX. */
export function refAdx(c: Hlcv, p: number): number[] {
  const n = c.close.length;
  const tr = refTrueRanges(c);
  const plus = nan(n);
  const minus = nan(n);
  for (let i = 1; i < n; i++) {
    const up = c.high[i] - c.high[i - 1];
    const down = c.low[i - 1] - c.low[i];
    plus[i] = up > 0 && up > down ? up : 0;
    minus[i] = down > 0 && down > up ? down : 0;
  }
  // TA-Lib: S(p-1) = plain sum of the first p-1 moves, then S(i) = S(i-1) − S(i-1)/p + x(i).
  const smooth = (xs: number[], i: number) => {
    let v = 0;
    for (let j = 1; j <= p - 1; j++) v += xs[j];
    v *= Math.pow(1 - 1 / p, i - (p - 1));
    for (let j = p; j <= i; j++) v += xs[j] * Math.pow(1 - 1 / p, i - j);
    return v;
  };
  const dx = nan(n);
  for (let i = p; i < n; i++) {
    const t = smooth(tr, i);
    const pdi = (100 * smooth(plus, i)) / t;
    const mdi = (100 * smooth(minus, i)) / t;
    dx[i] = (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
  }
  const first = 2 * p - 1;
  const seed = mean(dx.slice(p, first + 1));
  return dx.map((_, i) => (i < first ? NaN : smoothedFromScratch(dx, first, seed, 1 / p, i)));
}

export function refStochastic(c: Hlcv, kp: number, ks: number, dp: number) {
  const n = c.close.length;
  const fastK = c.close.map((cl, i) => {
    if (i < kp - 1) return NaN;
    const hh = Math.max(...c.high.slice(i - kp + 1, i + 1));
    const ll = Math.min(...c.low.slice(i - kp + 1, i + 1));
    return hh === ll ? 0 : (100 * (cl - ll)) / (hh - ll);
  });
  const k = fastK.map((_, i) => (i < kp + ks - 2 ? NaN : mean(fastK.slice(i - ks + 1, i + 1))));
  const first = kp + ks + dp - 3;
  const d = k.map((_, i) => (i < first ? NaN : mean(k.slice(i - dp + 1, i + 1))));
  return { k: k.map((v, i) => (i < first ? NaN : v)), d, n };
}

export function refObv(c: Hlcv): number[] {
  return c.close.map((_, i) => {
    let v = c.volume[0];
    for (let j = 1; j <= i; j++) v += Math.sign(c.close[j] - c.close[j - 1]) * c.volume[j];
    return v;
  });
}

export function refVwap(c: Hlcv, period: number): number[] {
  return c.close.map((_, i) => {
    if (period > 0 && i < period - 1) return NaN;
    const from = period > 0 ? i - period + 1 : 0;
    let pv = 0;
    let v = 0;
    for (let j = from; j <= i; j++) {
      pv += ((c.high[j] + c.low[j] + c.close[j]) / 3) * c.volume[j];
      v += c.volume[j];
    }
    return v > 0 ? pv / v : NaN;
  });
}

/** TradingView's Pine SuperTrend, transcribed with whole arrays. */
export function refSupertrend(c: Hlcv, p: number, m: number) {
  const n = c.close.length;
  const a = refAtr(c, p);
  const up = nan(n);
  const dn = nan(n);
  const trend = nan(n);
  const line = nan(n);
  for (let i = p; i < n; i++) {
    const hl2 = (c.high[i] + c.low[i]) / 2;
    up[i] = hl2 - m * a[i];
    dn[i] = hl2 + m * a[i];
    if (i === p) {
      trend[i] = 1;
    } else {
      const up1 = up[i - 1];
      const dn1 = dn[i - 1];
      up[i] = c.close[i - 1] > up1 ? Math.max(up[i], up1) : up[i];
      dn[i] = c.close[i - 1] < dn1 ? Math.min(dn[i], dn1) : dn[i];
      trend[i] =
        trend[i - 1] === -1 && c.close[i] > dn1 ? 1 : trend[i - 1] === 1 && c.close[i] < up1 ? -1 : trend[i - 1];
    }
    line[i] = trend[i] === 1 ? up[i] : dn[i];
  }
  return { line, direction: trend };
}
