// The sim market's daily regimes: each day of the generated history is in one of them, and the
// regime chain moves between them like a Markov chain with a mean stay per regime.
export interface SimRegime {
  name: 'bull' | 'bear' | 'range' | 'volatile' | 'crash';
  /** Mean log return per day. */
  drift: number;
  /** Standard deviation of the daily log return. */
  volatility: number;
  /** Mean number of days the chain stays in this regime. */
  meanDays: number;
  /** Volume multiplier. */
  activity: number;
  /** Chance per day of a price jump (a candle opening away from the previous close). */
  gapsPerDay: number;
  /** Mean daily log change of open interest in this regime (traders pile in or get liquidated). */
  oiDrift: number;
  /** Weights of the regime entered on leaving this one, by name (the regime itself is never re-entered). */
  next: Partial<Record<SimRegime['name'], number>>;
}

export const SIM_REGIMES: readonly SimRegime[] = [
  {
    name: 'bull',
    drift: 0.0035,
    volatility: 0.024,
    meanDays: 35,
    activity: 1.15,
    gapsPerDay: 0.5,
    oiDrift: 0.008,
    next: { range: 0.42, volatile: 0.25, bear: 0.22, crash: 0.11 },
  },
  {
    name: 'bear',
    drift: -0.0035,
    volatility: 0.029,
    meanDays: 25,
    activity: 1.3,
    gapsPerDay: 0.7,
    oiDrift: -0.004,
    next: { range: 0.42, bull: 0.3, volatile: 0.16, crash: 0.12 },
  },
  {
    name: 'range',
    drift: 0,
    volatility: 0.016,
    meanDays: 20,
    activity: 0.8,
    gapsPerDay: 0.3,
    oiDrift: 0,
    next: { bull: 0.45, bear: 0.33, volatile: 0.18, crash: 0.04 },
  },
  {
    name: 'volatile',
    drift: 0,
    volatility: 0.045,
    meanDays: 8,
    activity: 1.8,
    gapsPerDay: 2,
    oiDrift: 0.004,
    next: { bull: 0.28, bear: 0.28, range: 0.24, crash: 0.2 },
  },
  {
    name: 'crash',
    drift: -0.07,
    volatility: 0.07,
    meanDays: 3,
    activity: 3,
    gapsPerDay: 4,
    oiDrift: -0.07,
    next: { volatile: 0.55, bear: 0.35, range: 0.1 },
  },
];

/** The regime after `current` given two uniforms: `stay` decides whether to leave, `pick` where to. */
export function nextRegime(regimes: readonly SimRegime[], current: number, stay: number, pick: number): number {
  if (regimes.length < 2 || stay >= 1 / regimes[current].meanDays) return current;
  const weights = regimes.map((r, i) => (i === current ? 0 : (regimes[current].next[r.name] ?? 0)));
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return (current + 1) % regimes.length;
  let x = pick * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0 && weights[i] > 0) return i;
  }
  return weights.findLastIndex((w) => w > 0);
}
