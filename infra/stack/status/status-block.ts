// What `up` shows a person: where things are, which sessions run and what they last decided, the
// trades of the day and what is wrong. Pure: the poller gathers a StackStatus, this renders it and
// tells what changed between two of them.
import type { ChildState } from '../supervisor';

export interface SessionLine {
  id: string;
  status: string;
  symbols: string[];
  mode?: string;
  exchange?: string;
  strategy?: string;
  lastDecision?: { action: string; symbol: string; /** The candle's time (market time), ISO. */ candleTime: string };
}

export interface StackStatus {
  /** label → URL or address, in the order shown. */
  urls: [string, string][];
  /** Undefined while the gateway has not answered. */
  sessions?: SessionLine[];
  /** Trades opened since 00:00 UTC; `more` when there were more than were counted. */
  tradesToday?: { count: number; more: boolean };
  warnings: string[];
  /** UTC ms of the data. */
  at: number;
}

const ACTIVE = new Set(['running', 'paused']);

function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `2026-12-04 12:03 UTC` for an ISO time, the input as it is when it is no time. */
function marketTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The status block's lines (no newlines). `width` cuts lines for a terminal that would wrap them. */
export function renderStatusBlock(s: StackStatus, o: { width?: number } = {}): string[] {
  const lines: string[] = [`OpenTrade is up (status at ${utcTime(s.at)} UTC)`];
  for (const [label, url] of s.urls) lines.push(`  ${pad(label, 12)} ${url}`);
  if (!s.sessions) lines.push('Sessions: (no answer from the gateway)');
  else {
    const active = s.sessions.filter((x) => ACTIVE.has(x.status));
    const ended = s.sessions.length - active.length;
    lines.push(
      `Sessions: ${active.length ? `${active.length} active` : 'none active'}${ended ? `, ${ended} ended recently` : ''}${active.length ? '' : ' (start one: opentrade trade start …)'}`,
    );
    const idWidth = Math.max(0, ...active.map((x) => x.id.length));
    for (const x of active) {
      const what = [x.mode, x.exchange, x.strategy].filter(Boolean).join(' ');
      const last = x.lastDecision
        ? `last ${x.lastDecision.action} ${x.lastDecision.symbol} (market time ${marketTime(x.lastDecision.candleTime)})`
        : 'no decision yet';
      lines.push(
        `  ${pad(x.id, idWidth)}  ${pad(x.status, 7)}  ${x.symbols.join(',')}${what ? `  ${what}` : ''}  ${last}`,
      );
    }
  }
  lines.push(`Trades today: ${s.tradesToday ? `${s.tradesToday.count}${s.tradesToday.more ? '+' : ''}` : '(unknown)'}`);
  if (s.warnings.length) {
    lines.push(`Warnings (${s.warnings.length}):`);
    for (const w of s.warnings) lines.push(`  ! ${w}`);
  } else lines.push('Warnings: none');
  lines.push('Press Ctrl-C to stop.');
  return o.width ? lines.map((l) => (l.length > o.width! ? `${l.slice(0, o.width! - 1)}…` : l)) : lines;
}

export interface StatusChange {
  level: 'info' | 'warn';
  msg: string;
  fields?: Record<string, unknown>;
}

/**
 * What changed from one status to the next, for a console that is not a terminal (or JSON): a
 * session's state, the trades of the day, a warning that came or went. A new decision is not a
 * change: it comes every cycle (logs/worker.log has them at debug).
 */
export function statusChanges(prev: StackStatus | undefined, next: StackStatus): StatusChange[] {
  const out: StatusChange[] = [];
  if (next.sessions) {
    const before = new Map((prev?.sessions ?? []).map((x) => [x.id, x]));
    for (const x of next.sessions) {
      const was = before.get(x.id);
      if (!was && prev?.sessions && ACTIVE.has(x.status))
        out.push({
          level: 'info',
          msg: `session ${x.id} ${x.status} (${x.symbols.join(',')})`,
          fields: { sessionId: x.id, status: x.status },
        });
      else if (was && was.status !== x.status)
        out.push({
          level: 'info',
          msg: `session ${x.id} ${was.status} → ${x.status}`,
          fields: { sessionId: x.id, status: x.status, previous: was.status },
        });
    }
  }
  if (prev?.tradesToday && next.tradesToday && prev.tradesToday.count !== next.tradesToday.count)
    out.push({
      level: 'info',
      msg: `trades today: ${next.tradesToday.count}${next.tradesToday.more ? '+' : ''}`,
      fields: { tradesToday: next.tradesToday.count },
    });
  const had = new Set(prev?.warnings ?? []);
  const has = new Set(next.warnings);
  for (const w of next.warnings) if (!had.has(w)) out.push({ level: 'warn', msg: `warning: ${w}` });
  for (const w of had) if (!has.has(w)) out.push({ level: 'info', msg: `resolved: ${w}` });
  return out;
}

/** The supervisor's children as warnings: restarting, restarted, or down for good. */
export function childWarnings(children: ChildState[], now: number, recentMs = 10 * 60_000): string[] {
  const out: string[] = [];
  for (const c of children) {
    const exit = c.lastExit
      ? `exit ${c.lastExit.code ?? c.lastExit.signal ?? '-'} at ${utcTime(c.lastExit.at)} UTC`
      : 'no exit recorded';
    if (c.down) out.push(`${c.name} is not running (${exit}; see logs/${c.name}.log)`);
    else if (c.restarting) out.push(`${c.name} is restarting (restart #${c.restarts}, ${exit})`);
    else if (c.restarts && c.lastExit && now - c.lastExit.at < recentMs)
      out.push(`${c.name} restarted ${c.restarts} time(s) (last ${exit})`);
  }
  return out;
}

export interface HealthReportLike {
  status?: string;
  dependencies?: { name: string; status: string; required?: boolean; detail?: string }[];
}

/** A failing health probe as a warning each. */
export function healthWarnings(h: HealthReportLike): string[] {
  return (h.dependencies ?? [])
    .filter((d) => d.status !== 'ok')
    .map(
      (d) =>
        `health: ${d.name} ${d.status}${d.required === false ? ' (optional)' : ''}${d.detail ? `: ${d.detail}` : ''}`,
    );
}
