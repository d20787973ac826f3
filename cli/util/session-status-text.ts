// What `opentrade trade status` prints for a person: the live status query plus the options the
// session was started with (read from its row, since the query does not carry them). Pure, so the
// wording is tested without a running session.
import { humanNumber } from '../../core/format/human-number';
import type { ProtectionLock } from '../../core/protections/types';
import type { SessionOptions } from '../../infra/services/sessions/session-options';
import type { SessionStatus } from '../../workflows/trading-contract';

const PROTECTION_NAMES: Record<string, string> = {
  stoplossGuard: 'stoploss-guard',
  maxDrawdown: 'max-drawdown',
  cooldownPeriod: 'cooldown',
  lowProfitPairs: 'low-profit',
};

export function lockLine(l: ProtectionLock): string {
  const what = l.scope === 'all' ? 'all pairs' : (l.symbol ?? '?');
  return `  lock ${l.protection} on ${what} until ${new Date(l.until).toISOString()} market time: ${l.reason}`;
}

/** `options` undefined: the session's row could not be read (the status query still answers). */
export function sessionStatusLines(s: SessionStatus, options: SessionOptions | undefined): string[] {
  const st = s.state;
  const locks = st.locks ?? [];
  const decide = options
    ? `  decides by ${options.decide}, protections ${
        options.protections
          ? Object.keys(options.protections)
              .map((k) => PROTECTION_NAMES[k] ?? k)
              .join(', ')
          : 'none'
      }, trailing stop ${options.trailingStopPct === null ? 'none' : `${options.trailingStopPct}%`}, agents ${
        Object.keys(options.agents).length
          ? Object.entries(options.agents)
              .map(([role, mode]) => `${role}=${mode}`)
              .join(',')
          : 'all on rules'
      }`
    : '  decision mode unknown (the session row could not be read)';
  const budget = st.llmBudget
    ? [
        `  LLM ${st.llmBudget.scope} budget spent (${st.llmBudget.unit === 'usd' ? `$${st.llmBudget.spent.toFixed(4)} of $${st.llmBudget.limit}` : `${st.llmBudget.spent} of ${st.llmBudget.limit} tokens`}) since ${new Date(st.llmBudget.sinceMs).toISOString()}: agents fall back`,
      ]
    : [];
  return [
    `session ${s.sessionId}: ${st.status}${st.pauseReason ? ` (${st.pauseReason})` : ''}`,
    `  ${s.mode} ${s.exchange} ${s.symbols.join(',')} ${s.timeframe} ${s.strategy}`,
    decide,
    `  cycles ${st.cyclesRun}, equity ${s.equity?.toFixed(2) ?? '?'}, PnL today ${s.pnlToday.toFixed(2)}${st.killSwitchTripped ? ', kill switch tripped' : ''}`,
    ...s.positions.map(
      (p) =>
        `  ${p.symbol} ${p.side} ${humanNumber(p.quantity)} @ ${humanNumber(p.entryPrice)} (uPnL ${p.unrealizedPnl.toFixed(2)})`,
    ),
    ...budget,
    ...(locks.length ? locks.map(lockLine) : ['  no active locks']),
    st.lastDecision
      ? `  last decision: ${st.lastDecision.symbol} ${st.lastDecision.action} ${st.lastDecision.verdict} on the candle closed ${new Date(st.lastDecision.candleCloseMs).toISOString()} market time`
      : '  no decision yet',
  ];
}

/**
 * `--json`: the status query's answer as it was (scripts read it), plus the session's options and
 * its active locks at the top, where they do not depend on the workflow's state layout. The
 * options are null when the row could not be read.
 */
export function sessionStatusJson(s: SessionStatus, options: SessionOptions | undefined) {
  return {
    ...s,
    decide: options?.decide ?? null,
    protections: options?.protections ?? null,
    trailingStopPct: options?.trailingStopPct ?? null,
    agents: options?.agents ?? null,
    llmBudget: s.state.llmBudget ?? null,
    locks: s.state.locks ?? [],
  };
}
