// Reads the scheduled-event calendar: inside a window around a high-impact release (FOMC, CPI, NFP)
// price can gap either way, so the agent votes "flat" with high confidence, which pulls the
// coordinator's score toward HOLD; outside windows it has nothing to say.
import { defaultMacroCalendar } from '../calendar/default-calendar';
import {
  DEFAULT_EVENT_WINDOW,
  findEventWindow,
  nextEvent,
  type EventWindowOptions,
  type MacroCalendar,
} from '../calendar/macro-calendar';
import { abstain, type Agent, type AgentSignal } from './signal';
import type { MarketSnapshot } from './snapshot';
import { assertSnapshotBasics } from './snapshot-checks';

export interface MacroAgentConfig {
  calendar: MacroCalendar;
  window: EventWindowOptions;
  /** Confidence of the caution vote inside a window. */
  cautionConfidence: number;
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
    };
  }

  analyze(snapshot: MarketSnapshot): AgentSignal {
    assertSnapshotBasics(snapshot, 'MacroAgent');
    const t = snapshot.time;
    const { coverage } = this.cfg.calendar;
    // Outside the calendar's coverage "no event" would be a guess: say so instead.
    if (t < coverage.from || t > coverage.to) {
      return abstain(
        this.name,
        `the macro calendar covers ${iso(coverage.from)} .. ${iso(coverage.to)} only; update it with the current year's FOMC/CPI/NFP dates`,
        {
          eventWindow: null,
          coverage: { from: iso(coverage.from), to: iso(coverage.to) },
        },
      );
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
        },
      };
    }
    const next = nextEvent(this.cfg.calendar, t, this.cfg.window.impacts);
    const nextText = next ? `next: ${next.kind} at ${iso(next.time)}` : 'no further event in the calendar';
    return {
      agent: this.name,
      direction: 0,
      confidence: 0,
      reasoning: `no scheduled high-impact event within the window; ${nextText}`,
      data: { eventWindow: null, nextEvent: next ? { kind: next.kind, time: iso(next.time) } : null },
    };
  }
}
