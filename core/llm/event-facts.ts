// Scheduled macro releases around the decision time, from the calendar the macro agent reads: their
// dates are public in advance, so naming the next one is no lookahead; what they turned out to say is
// never in the calendar.
import { defaultMacroCalendar } from '../calendar/default-calendar';
import type { MacroCalendar } from '../calendar/macro-calendar';
import type { Fact } from './grounded-facts';

const HOUR = 3_600_000;

export function eventFacts(time: number, calendar: MacroCalendar = defaultMacroCalendar()): Fact[] {
  if (time < calendar.coverage.from || time > calendar.coverage.to)
    return [{ label: 'scheduled macro events', value: 'unknown (the calendar does not cover this date)' }];
  const high = calendar.events.filter((e) => e.impact === 'high');
  const next = high.find((e) => e.time > time);
  const last = [...high].reverse().find((e) => e.time <= time);
  const facts: Fact[] = [];
  if (last)
    facts.push({
      label: 'last high-impact macro release',
      value: `${last.kind} at ${new Date(last.time).toISOString()} (${Math.round((time - last.time) / HOUR)} h ago)`,
    });
  facts.push({
    label: 'next high-impact macro release',
    value: next
      ? `${next.kind} at ${new Date(next.time).toISOString()} (in ${Math.round((next.time - time) / HOUR)} h)`
      : 'none in the calendar',
  });
  return facts;
}
