// The scheduled releases a prompt names around its decision time: the last and the next high-impact
// one from the calendar, and "unknown" outside the calendar's coverage rather than a guess.
import type { MacroCalendar } from '../../../core/calendar/macro-calendar';
import { eventFacts } from '../../../core/llm/event-facts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
const calendar: MacroCalendar = {
  coverage: { from: T0, to: T0 + 100 * H },
  events: [
    { time: T0 + 10 * H, kind: 'CPI', impact: 'high' },
    { time: T0 + 20 * H, kind: 'PPI', impact: 'medium' },
    { time: T0 + 40 * H, kind: 'FOMC', impact: 'high' },
  ],
};

test('names the last high-impact release before the decision and the next one after it, skipping lesser ones', () => {
  const facts = eventFacts(T0 + 25 * H, calendar);
  expect(facts).toEqual([
    { label: 'last high-impact macro release', value: `CPI at ${new Date(T0 + 10 * H).toISOString()} (15 h ago)` },
    { label: 'next high-impact macro release', value: `FOMC at ${new Date(T0 + 40 * H).toISOString()} (in 15 h)` },
  ]);
});

test('after the last event says none is scheduled; outside the coverage says it does not know', () => {
  expect(eventFacts(T0 + 50 * H, calendar).at(-1)).toEqual({
    label: 'next high-impact macro release',
    value: 'none in the calendar',
  });
  expect(eventFacts(T0 + 200 * H, calendar)[0].value).toMatch(/unknown/);
});
