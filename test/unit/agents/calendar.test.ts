import { defaultMacroCalendar } from '../../../core/calendar/default-calendar';
import { findEventWindow, parseMacroCalendar } from '../../../core/calendar/macro-calendar';

describe('macro calendar', () => {
  const cal = defaultMacroCalendar();

  it('ships 2026 FOMC decisions (8), CPI (12) and NFP (12) releases, sorted, all high impact', () => {
    const count = (k: string) => cal.events.filter((e) => e.kind === k).length;
    expect([count('FOMC'), count('CPI'), count('NFP')]).toEqual([8, 12, 12]);
    expect(cal.events.every((e) => e.impact === 'high')).toBe(true);
    for (let i = 1; i < cal.events.length; i++) expect(cal.events[i].time).toBeGreaterThan(cal.events[i - 1].time);
  });

  it('puts every event on a US weekday at its US Eastern release time converted to UTC', () => {
    for (const e of cal.events) {
      const d = new Date(e.time);
      const where = `${e.kind} ${d.toISOString()}`;
      expect([where, d.getUTCDay() >= 1 && d.getUTCDay() <= 5]).toEqual([where, true]);
      // FOMC 14:00 ET = 18:00/19:00 UTC; CPI and NFP 08:30 ET = 12:30/13:30 UTC (EDT/EST)
      const hm = `${d.getUTCHours()}:${d.getUTCMinutes()}`;
      const ok = e.kind === 'FOMC' ? ['18:0', '19:0'] : ['12:30', '13:30'];
      expect([where, ok.includes(hm)]).toEqual([where, true]);
      // FOMC decisions are on Wednesdays
      if (e.kind === 'FOMC') expect([where, d.getUTCDay()]).toEqual([where, 3]);
    }
  });

  it('finds no window far from events and the right window near one', () => {
    expect(findEventWindow(cal, Date.parse('2026-06-02T00:00:00Z'))).toBeNull();
    const w = findEventWindow(cal, Date.parse('2026-03-11T11:00:00Z'));
    expect(w).toMatchObject({ kind: 'CPI', minutesToEvent: 90, startsAt: Date.parse('2026-03-11T10:30:00Z') });
  });

  it('rejects a malformed calendar, naming the bad field', () => {
    expect(() =>
      parseMacroCalendar(
        { coverage: { from: 0, to: 1 }, events: [{ time: 5, kind: 'ECB', impact: 'high' }] },
        'my.json',
      ),
    ).toThrow(/my\.json is invalid: events\.0\.kind/);
    expect(() =>
      parseMacroCalendar({
        coverage: { from: 0, to: 1 },
        events: [{ time: 'yesterday', kind: 'CPI', impact: 'high' }],
      }),
    ).toThrow(/events\.0\.time/);
    expect(() => parseMacroCalendar({ coverage: { from: 5, to: 1 }, events: [] })).toThrow(
      /coverage\.from must be before coverage\.to/,
    );
  });
});
