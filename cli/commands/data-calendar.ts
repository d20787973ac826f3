// `opentrade data calendar`: which event calendar the macro agent and the risk policy read, where it
// comes from, and a warning when it runs out within 60 days (after its end the agent abstains).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import raw from '../../core/calendar/macro-events-2026.json';
import { DEFAULT_MACRO_CALENDAR_FILE } from '../../core/calendar/default-calendar';
import { parseMacroCalendar } from '../../core/calendar/macro-calendar';
import { ValidationError } from '../../core/errors';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

const DAY = 86_400_000;
export const CALENDAR_WARN_DAYS = 60;

export function registerDataCalendarCommand(data: Command): void {
  data
    .command('calendar')
    .description(
      `check the high-impact event calendar: source, coverage, and a warning when it ends within ${CALENDAR_WARN_DAYS} days`,
    )
    .option('--file <path>', 'check this calendar file instead of the shipped one')
    .option('--json', 'machine-readable')
    .action(
      runAction(async (opts: { file?: string; json?: boolean }) => {
        let doc: unknown = raw;
        const name = opts.file ?? DEFAULT_MACRO_CALENDAR_FILE;
        if (opts.file) {
          try {
            doc = JSON.parse(readFileSync(opts.file, 'utf8'));
          } catch (e) {
            throw new ValidationError(`--file ${opts.file} is not readable JSON: ${(e as Error).message}`);
          }
        }
        let calendar;
        try {
          calendar = parseMacroCalendar(doc, name);
        } catch (e) {
          throw new ValidationError((e as Error).message);
        }
        const about = ((doc as { _about?: string[] })._about ?? []).join(' ');
        const daysLeft = Math.floor((calendar.coverage.to - Date.now()) / DAY);
        const warning =
          daysLeft <= CALENDAR_WARN_DAYS
            ? daysLeft < 0
              ? `the calendar ended ${-daysLeft} days ago: the macro agent abstains until it is extended`
              : `the calendar ends in ${daysLeft} days: add next year's FOMC, CPI and NFP dates before then`
            : undefined;
        const summary = {
          file: name,
          source: about,
          coverage: {
            from: new Date(calendar.coverage.from).toISOString(),
            to: new Date(calendar.coverage.to).toISOString(),
          },
          events: calendar.events.length,
          daysLeft,
          warning: warning ?? null,
        };
        if (opts.json) return printJson(summary);
        printLine(
          `calendar ${name}: ${calendar.events.length} events, ${summary.coverage.from} .. ${summary.coverage.to}`,
        );
        if (about) printLine(`source: ${about}`);
        if (warning) process.stderr.write(`warning: ${warning}\n`);
      }),
    );
}
