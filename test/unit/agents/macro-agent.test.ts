import { MacroAgent } from '../../../core/agents/macro-agent';
import { parseMacroCalendar } from '../../../core/calendar/macro-calendar';
import { snapshot } from './build-snapshot';

const agent = new MacroAgent(); // the shipped calendar
const at = (iso: string) => snapshot({ time: Date.parse(iso) });

describe('MacroAgent', () => {
  it('urges caution with high confidence an hour before the December 2026 FOMC decision', () => {
    const s = agent.analyze(at('2026-12-09T18:00:00Z'));
    expect(s).toMatchObject({ agent: 'macro', direction: 0, confidence: 0.9 });
    expect(s.data.eventWindow).toMatchObject({
      kind: 'FOMC',
      impact: 'high',
      eventTime: '2026-12-09T19:00:00.000Z',
      minutesToEvent: 60,
    });
    expect(s.reasoning).toMatch(/caution: high-impact FOMC .* \(in 60 min\)/);
  });

  it('stays cautious while the market digests the release, until the window closes', () => {
    const after = agent.analyze(at('2026-12-09T20:30:00Z'));
    expect(after.data.eventWindow).toMatchObject({ kind: 'FOMC', minutesToEvent: -90 });
    const later = agent.analyze(at('2026-12-09T21:01:00Z'));
    expect(later.confidence).toBe(0);
    expect(later.data.eventWindow).toBeNull();
    expect(later.data.nextEvent).toEqual({ kind: 'CPI', time: '2026-12-10T13:30:00.000Z' });
  });

  it('has nothing to say far from any event', () => {
    const s = agent.analyze(at('2026-06-02T00:00:00Z'));
    expect(s.confidence).toBe(0);
    expect(s.direction).toBe(0);
    expect(s.reasoning).toMatch(/no scheduled high-impact event/);
  });

  it('abstains beyond the calendar coverage and asks for an update', () => {
    const s = agent.analyze(at('2027-01-05T12:00:00Z'));
    expect(s.confidence).toBe(0);
    expect(s.data.abstained).toBe(true);
    expect(s.reasoning).toMatch(/covers 2026-01-01.* update it/);
  });

  it('uses a custom calendar and window, picking the nearest event when windows overlap', () => {
    const calendar = parseMacroCalendar({
      coverage: { from: '2030-01-01T00:00:00Z', to: '2030-12-31T00:00:00Z' },
      events: [
        { time: '2030-03-01T12:00:00Z', kind: 'CPI', impact: 'high' },
        { time: Date.parse('2030-03-01T14:00:00Z'), kind: 'PCE', impact: 'high' },
        { time: '2030-03-01T13:10:00Z', kind: 'GDP', impact: 'low' },
      ],
    });
    const custom = new MacroAgent({
      calendar,
      window: { beforeMs: 3 * 3_600_000, afterMs: 3 * 3_600_000, impacts: ['high'] },
      cautionConfidence: 0.8,
    });
    const s = custom.analyze(at('2030-03-01T13:20:00Z'));
    expect(s.confidence).toBe(0.8);
    expect(s.data.eventWindow).toMatchObject({ kind: 'PCE', minutesToEvent: 40 });
  });
});
