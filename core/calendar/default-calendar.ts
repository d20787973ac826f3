// The calendar shipped with OpenTrade. See the `_about` notes in the JSON: written from knowledge of
// the official schedules, not fetched; users should verify and extend it.
import raw from './macro-events-2026.json';
import { parseMacroCalendar, type MacroCalendar } from './macro-calendar';

export const DEFAULT_MACRO_CALENDAR_FILE = 'core/calendar/macro-events-2026.json';

let cached: MacroCalendar | undefined;

export function defaultMacroCalendar(): MacroCalendar {
  cached ??= parseMacroCalendar(raw, DEFAULT_MACRO_CALENDAR_FILE);
  return cached;
}
