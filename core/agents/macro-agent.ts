// Reads the scheduled-event calendar: inside a window around a high-impact release (FOMC, CPI, NFP)
// price can gap either way, so the agent votes "flat" with high confidence, which pulls the
// coordinator's score toward HOLD. That caution stays the strongest vote: inside a window the
// intelligence below is reported in `data` but does not move the signal.
//
// Outside windows it reads the macro series of the snapshot's intelligence (core/intel/series.ts),
// each a weighted part (score −1 risk-off .. +1 risk-on for crypto):
// - Volatility regime (`fred.VIXCLS`), weight 0.35: above `vixHigh` (30) → −1 and the confidence is
//   at least `vixHighConfidence` (0.8): markets in stress sell crypto with them; below `vixCalm` (15)
//   calm → +0.3; 15..20 → 0; 20..30 linear 0 → −0.6.
// - Curve (`fred.T10Y2Y`), weight 0.15: inverted (< 0) → −0.4 (recession risk priced); else 0.
// - Rates (`fred.DGS10`) 30-day change in percentage points, weight 0.2: rising yields tighten money
//   → −tanh(change / `ratesScale` 0.25 pp).
// - Dollar (`fred.DTWEXBGS`) 30-day change, weight 0.2: a stronger dollar is a headwind
//   → −tanh(change / `dollarScale` 2%).
// - Inflation (`fred.CPIAUCSL`) year on year, the latest month against the one 12 months earlier
//   (needs the 13 monthly points), weight 0.1: −0.5·tanh((YoY − `cpiTarget` 3%) / 1%).
// direction = weighted mean of the parts present; confidence = coverage × (0.2 + 0.5 |direction|).
// A missing or stale series (freshPoint), or a change the view holds no earlier value for, is named in
// `data.missing` and left out; with no series and outside the calendar's coverage the agent abstains
// naming all of them. `data.intel` lists the values used (id, value, observedAt, knownAt).
import { defaultMacroCalendar } from '../calendar/default-calendar';
import {
  DEFAULT_EVENT_WINDOW,
  findEventWindow,
  nextEvent,
  type EventWindowOptions,
  type MacroCalendar,
} from '../calendar/macro-calendar';
import type { SeriesId } from '../intel/series';
import { IntelReading, noIntel, signedPct } from './intel-reading';
import { abstain, clamp, round, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertIntelKnownBy, assertSnapshotBasics } from './snapshot-checks';

const MACRO_SERIES: SeriesId[] = ['fred.VIXCLS', 'fred.T10Y2Y', 'fred.DGS10', 'fred.DTWEXBGS', 'fred.CPIAUCSL'];

export interface MacroAgentConfig {
  calendar: MacroCalendar;
  window: EventWindowOptions;
  /** Confidence of the caution vote inside a window. */
  cautionConfidence: number;
  vixHigh: number;
  vixCalm: number;
  vixHighConfidence: number;
  ratesScale: number;
  dollarScale: number;
  cpiTarget: number;
  weights: { vix: number; curve: number; rates: number; dollar: number; cpi: number };
}

export const DEFAULT_MACRO_INTEL = {
  vixHigh: 30,
  vixCalm: 15,
  vixHighConfidence: 0.8,
  ratesScale: 0.25,
  dollarScale: 0.02,
  cpiTarget: 0.03,
  weights: { vix: 0.35, curve: 0.15, rates: 0.2, dollar: 0.2, cpi: 0.1 },
};

interface MacroReading {
  direction: number;
  confidence: number;
  notes: string[];
  data: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class MacroAgent implements Agent {
  readonly name = 'macro' as const;
  readonly mode = 'deterministic' as const;
  private readonly cfg: MacroAgentConfig;

  constructor(config: Partial<MacroAgentConfig> = {}) {
    this.cfg = {
      calendar: config.calendar ?? defaultMacroCalendar(),
      window: { ...DEFAULT_EVENT_WINDOW, ...config.window },
      cautionConfidence: config.cautionConfidence ?? 0.9,
      ...DEFAULT_MACRO_INTEL,
      ...Object.fromEntries(Object.entries(config).filter(([k]) => k in DEFAULT_MACRO_INTEL && k !== 'weights')),
      weights: { ...DEFAULT_MACRO_INTEL.weights, ...config.weights },
    };
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    assertSnapshotBasics(snapshot, 'MacroAgent');
    if (snapshot.intel) assertIntelKnownBy(snapshot.intel, snapshot.time, 'MacroAgent');
    const t = snapshot.time;
    const intel = new IntelReading(snapshot.intel);
    const reading = snapshot.intel ? this.readIntel(intel) : undefined;
    const missing = snapshot.intel ? intel.missing : [noIntel(MACRO_SERIES)];
    const intelData = { intel: intel.used, missing, ...(reading?.data ?? {}) };
    const { coverage } = this.cfg.calendar;
    // Outside the calendar's coverage "no event" would be a guess: say so instead.
    if (t < coverage.from || t > coverage.to) {
      const gap = `the macro calendar covers ${iso(coverage.from)} .. ${iso(coverage.to)} only; update it with the current year's FOMC/CPI/NFP dates`;
      const coverageData = { eventWindow: null, coverage: { from: iso(coverage.from), to: iso(coverage.to) } };
      if (!reading)
        return abstain(this.name, missing.length ? `${gap}; missing ${missing.join(', ')}` : gap, {
          ...coverageData,
          ...intelData,
        });
      return this.intelSignal(reading, missing, `no event check (${gap})`, { ...coverageData, ...intelData });
    }
    const w = findEventWindow(this.cfg.calendar, t, this.cfg.window);
    if (w) {
      const when = w.minutesToEvent >= 0 ? `in ${w.minutesToEvent} min` : `${-w.minutesToEvent} min ago`;
      return {
        agent: this.name,
        direction: 0,
        confidence: this.cfg.cautionConfidence,
        reasoning: `caution: ${w.impact}-impact ${w.kind} at ${iso(w.eventTime)} (${when}); window ${iso(w.startsAt)} .. ${iso(w.endsAt)}: no new positions`,
        data: {
          eventWindow: {
            kind: w.kind,
            impact: w.impact,
            title: w.title ?? null,
            eventTime: iso(w.eventTime),
            startsAt: iso(w.startsAt),
            endsAt: iso(w.endsAt),
            minutesToEvent: w.minutesToEvent,
          },
          ...intelData,
        },
      };
    }
    const next = nextEvent(this.cfg.calendar, t, this.cfg.window.impacts);
    const nextText = next ? `next: ${next.kind} at ${iso(next.time)}` : 'no further event in the calendar';
    const eventData = { eventWindow: null, nextEvent: next ? { kind: next.kind, time: iso(next.time) } : null };
    const calendarText = `no scheduled high-impact event within the window; ${nextText}`;
    if (reading) return this.intelSignal(reading, missing, calendarText, { ...eventData, ...intelData });
    const missingNote = missing.length ? `; missing ${missing.join(', ')}` : '';
    return {
      agent: this.name,
      direction: 0,
      confidence: 0,
      reasoning: `${calendarText}${missingNote}`,
      data: { ...eventData, ...intelData },
    };
  }

  private intelSignal(
    r: MacroReading,
    missing: string[],
    calendarText: string,
    data: Record<string, unknown>,
  ): AgentSignal {
    const missingNote = missing.length ? `; missing ${missing.join(', ')}` : '';
    return {
      agent: this.name,
      direction: round(r.direction),
      confidence: round(r.confidence),
      reasoning: `${calendarText}; ${r.notes.join('; ')}${missingNote} → direction ${r.direction.toFixed(2)}, confidence ${r.confidence.toFixed(2)}`,
      data,
    };
  }

  /** The regime from the macro series, or undefined when none of them can be read. */
  private readIntel(intel: IntelReading): MacroReading | undefined {
    const c = this.cfg;
    const parts: { weight: number; score: number }[] = [];
    const notes: string[] = [];
    const data: Record<string, unknown> = {};
    let vixStress = false;

    const vix = intel.latest('fred.VIXCLS');
    if (vix) {
      const v = vix.value;
      let score: number;
      let regime: string;
      if (v > c.vixHigh) {
        score = -1;
        regime = 'stress';
        vixStress = true;
      } else if (v < c.vixCalm) {
        score = 0.3;
        regime = 'calm';
      } else if (v <= 20) {
        score = 0;
        regime = 'normal';
      } else {
        score = (-0.6 * (v - 20)) / (c.vixHigh - 20);
        regime = 'elevated';
      }
      parts.push({ weight: c.weights.vix, score });
      notes.push(`VIX ${v} (${regime}) → ${score.toFixed(2)}`);
      Object.assign(data, { vix: v, vixRegime: regime, vixScore: round(score) });
    }
    const curve = intel.latest('fred.T10Y2Y');
    if (curve) {
      const inverted = curve.value < 0;
      const score = inverted ? -0.4 : 0;
      parts.push({ weight: c.weights.curve, score });
      notes.push(`10y-2y spread ${curve.value} pp (${inverted ? 'inverted' : 'normal'}) → ${score.toFixed(2)}`);
      Object.assign(data, { curveSpread: curve.value, curveInverted: inverted });
    }
    const dgs = intel.latest('fred.DGS10');
    const d30 = dgs ? intel.change('fred.DGS10', dgs, 30, 'difference') : undefined;
    if (dgs && d30 !== undefined) {
      const score = -Math.tanh(d30 / c.ratesScale);
      parts.push({ weight: c.weights.rates, score });
      notes.push(`10y yield ${dgs.value}% (${d30 >= 0 ? '+' : ''}${d30.toFixed(2)} pp over 30d) → ${score.toFixed(2)}`);
      Object.assign(data, { yield10y: dgs.value, yield10yChange30d: round(d30, 4), ratesScore: round(score) });
    }
    const usd = intel.latest('fred.DTWEXBGS');
    const u30 = usd ? intel.change('fred.DTWEXBGS', usd, 30) : undefined;
    if (usd && u30 !== undefined) {
      const score = -Math.tanh(u30 / c.dollarScale);
      parts.push({ weight: c.weights.dollar, score });
      notes.push(`dollar index ${signedPct(u30)} over 30d → ${score.toFixed(2)}`);
      Object.assign(data, { dollarChange30d: round(u30, 6), dollarScore: round(score) });
    }
    const cpi = intel.latest('fred.CPIAUCSL');
    const yoy = cpi ? intel.change('fred.CPIAUCSL', cpi, 365) : undefined;
    if (cpi && yoy !== undefined) {
      const score = -0.5 * Math.tanh((yoy - c.cpiTarget) / 0.01);
      parts.push({ weight: c.weights.cpi, score });
      notes.push(`CPI ${signedPct(yoy)} year on year → ${score.toFixed(2)}`);
      Object.assign(data, { cpiYoY: round(yoy, 6), cpiScore: round(score) });
    }
    if (parts.length === 0) return undefined;
    const w = c.weights;
    const wAll = w.vix + w.curve + w.rates + w.dollar + w.cpi;
    const wHave = parts.reduce((s, p) => s + p.weight, 0);
    const direction = clamp(parts.reduce((s, p) => s + p.weight * p.score, 0) / wHave, -1, 1);
    let confidence = clamp((wHave / wAll) * (0.2 + 0.5 * Math.abs(direction)), 0, 1);
    if (vixStress) confidence = Math.max(confidence, c.vixHighConfidence);
    return { direction, confidence, notes, data };
  }
}
