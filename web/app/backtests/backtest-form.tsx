'use client';

import { useState } from 'react';
import type { BacktestCreateBody, BacktestDecisionMode } from '../../lib/gateway-types';
import { optionalJsonObject, optionalNumbers, text, texts } from '../../lib/form-values';
import { AgentsField, agentsOf } from '../_components/decision-mode-field';
import { RunForm } from '../_components/run-form';
import { ExchangeField, ParamsField, TimeframeField } from '../_components/run-form-fields';
import { BacktestDecisionModeField } from './backtest-decision-mode-field';

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A date input's value as the UTC midnight it names; '' → undefined. */
function dayMs(value: FormDataEntryValue | null): number | undefined {
  const s = text(value);
  if (!s) return undefined;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(ms) ? NaN : ms;
}

/** The form's fields as the gateway's body; dates are UTC days. */
function readBody(f: FormData): BacktestCreateBody {
  const agents = agentsOf(f);
  return {
    ...texts(f, ['strategy', 'exchange', 'symbol', 'timeframe']),
    fromMs: dayMs(f.get('from')),
    toMs: dayMs(f.get('to')),
    sync: f.get('sync') === 'on',
    decide: text(f.get('decide')) as BacktestDecisionMode,
    ...optionalNumbers(f, [
      'initialCapital',
      'fee',
      'slippageBps',
      'stakePct',
      'stopLossPct',
      'takeProfitPct',
      'trailingStopPct',
    ]),
    params: optionalJsonObject(f.get('params'), 'params'),
    // Left out for rules only: a backtest asks no model unless told, and the fast strategy-only
    // engine refuses agents altogether.
    ...(agents !== 'deterministic' ? { agents, ...optionalNumbers(f, ['every']) } : {}),
  };
}

export function BacktestForm({ onStarted }: { onStarted(): void }) {
  // The sim market keeps about a week of history: the last five days fit in it.
  const [range] = useState(() => {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    return { from: isoDay(today - 5 * DAY_MS), to: isoDay(today) };
  });

  return (
    <RunForm
      collection="/backtests"
      noun="backtest"
      read={readBody}
      onStarted={onStarted}
      submitLabel="Run backtest"
      testId="backtest-form"
    >
      <BacktestDecisionModeField />
      <AgentsField every />
      <label>
        Symbol
        <input name="symbol" defaultValue="BTC/USDT" />
      </label>
      <ExchangeField />
      <TimeframeField defaultValue="15m" />
      <label>
        From (UTC)
        <input type="date" name="from" defaultValue={range.from} />
      </label>
      <label>
        To (UTC)
        <input type="date" name="to" defaultValue={range.to} />
      </label>
      <label>
        Initial capital
        <input name="initialCapital" inputMode="decimal" placeholder="10000" />
      </label>
      <label>
        Stake % per trade
        <input name="stakePct" inputMode="decimal" placeholder="default" />
      </label>
      <label>
        Fee (fraction)
        <input name="fee" inputMode="decimal" placeholder="0.001" />
      </label>
      <label>
        Slippage (bps)
        <input name="slippageBps" inputMode="decimal" placeholder="default" />
      </label>
      <label>
        Stop loss %
        <input name="stopLossPct" inputMode="decimal" placeholder="none" />
      </label>
      <label>
        Take profit %
        <input name="takeProfitPct" inputMode="decimal" placeholder="none" />
      </label>
      <label>
        Trailing stop <span className="muted">(optional, % behind the best price since entry)</span>
        <input name="trailingStopPct" inputMode="decimal" placeholder="none" />
      </label>
      <ParamsField />
      <label className="span-2 checkbox">
        <input type="checkbox" name="sync" defaultChecked /> Fetch missing candles from the exchange first
      </label>
    </RunForm>
  );
}
