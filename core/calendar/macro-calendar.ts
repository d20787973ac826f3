// A calendar of scheduled macro events (FOMC, CPI, NFP, ...) and the windows around them in which
// the MacroAgent urges caution and the risk policy allows no new entries.
import { z } from 'zod';

export const MacroEventKindSchema = z.enum(['FOMC', 'CPI', 'NFP', 'PCE', 'GDP', 'PPI', 'OTHER']);
export const MacroEventImpactSchema = z.enum(['high', 'medium', 'low']);

const timeSchema = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

export const MacroEventSchema = z
  .object({
    time: timeSchema,
    kind: MacroEventKindSchema,
    impact: MacroEventImpactSchema,
    title: z.string().optional(),
  })
  .strict();

export const MacroCalendarSchema = z
  .object({
    _about: z.array(z.string()).optional(),
    coverage: z.object({ from: timeSchema, to: timeSchema }).strict(),
    events: z.array(MacroEventSchema),
  })
  .strict()
  .refine((c) => c.coverage.from < c.coverage.to, {
    message: 'coverage.from must be before coverage.to',
    path: ['coverage'],
  });

export type MacroEventKind = z.infer<typeof MacroEventKindSchema>;
export type MacroEventImpact = z.infer<typeof MacroEventImpactSchema>;
/** One event; time in UTC ms. */
export type MacroEvent = z.output<typeof MacroEventSchema>;

export interface MacroCalendar {
  coverage: { from: number; to: number };
  /** Sorted by time. */
  events: MacroEvent[];
}

/** Validates a calendar document (e.g. the shipped JSON or a user's own); errors name the bad field. */
export function parseMacroCalendar(raw: unknown, source = 'macro calendar'): MacroCalendar {
  const parsed = MacroCalendarSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${source} is invalid: ${issues}`);
  }
  const events = [...parsed.data.events].sort((a, b) => a.time - b.time);
  return { coverage: parsed.data.coverage, events };
}

export interface EventWindowOptions {
  /** How long before the event the window opens. */
  beforeMs: number;
  /** How long after the event the window stays open (the market digests the news). */
  afterMs: number;
  /** Impacts that open a window. */
  impacts: readonly MacroEventImpact[];
}

export const DEFAULT_EVENT_WINDOW: EventWindowOptions = {
  beforeMs: 2 * 3_600_000,
  afterMs: 2 * 3_600_000,
  impacts: ['high'],
};

export interface EventWindow {
  kind: MacroEventKind;
  impact: MacroEventImpact;
  title?: string;
  eventTime: number;
  startsAt: number;
  endsAt: number;
  /** Negative once the event has happened. */
  minutesToEvent: number;
}

/** The window `time` falls in, the nearest event first when windows overlap; null outside all. */
export function findEventWindow(
  calendar: MacroCalendar,
  time: number,
  opts: EventWindowOptions = DEFAULT_EVENT_WINDOW,
): EventWindow | null {
  let best: EventWindow | null = null;
  for (const e of calendar.events) {
    if (!opts.impacts.includes(e.impact)) continue;
    const startsAt = e.time - opts.beforeMs;
    const endsAt = e.time + opts.afterMs;
    if (time < startsAt || time > endsAt) continue;
    if (best === null || Math.abs(e.time - time) < Math.abs(best.eventTime - time)) {
      best = {
        kind: e.kind,
        impact: e.impact,
        title: e.title,
        eventTime: e.time,
        startsAt,
        endsAt,
        minutesToEvent: Math.round((e.time - time) / 60_000),
      };
    }
  }
  return best;
}

/** The first event of a window-opening impact strictly after `time`, if the calendar has one. */
export function nextEvent(
  calendar: MacroCalendar,
  time: number,
  impacts: readonly MacroEventImpact[] = ['high'],
): MacroEvent | undefined {
  return calendar.events.find((e) => e.time > time && impacts.includes(e.impact));
}
