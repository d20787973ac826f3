'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { GatewayError } from '../../lib/api-client';
import type { Backtest, BacktestCreateBody } from '../../lib/api-types';
import { optionalJsonObject, optionalNumber, text } from '../../lib/form-values';
import { useGateway } from '../../lib/gateway-context';
import { ErrorBox } from '../_components/states';
import { StrategySelect, TIMEFRAMES } from '../_components/strategy-select';

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

export function BacktestForm({ onStarted }: { onStarted(): void }) {
  const { client } = useGateway();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // The sim market keeps about a week of history: the last five days fit in it.
  const [range] = useState(() => {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    return { from: isoDay(today - 5 * DAY_MS), to: isoDay(today) };
  });

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!client) return;
    const f = new FormData(e.currentTarget);
    setError(null);
    let body: BacktestCreateBody;
    try {
      body = {
        strategy: text(f.get('strategy')),
        exchange: text(f.get('exchange')),
        symbol: text(f.get('symbol')),
        timeframe: text(f.get('timeframe')),
        fromMs: dayMs(f.get('from')),
        toMs: dayMs(f.get('to')),
        sync: f.get('sync') === 'on',
        initialCapital: optionalNumber(f.get('initialCapital')),
        fee: optionalNumber(f.get('fee')),
        slippageBps: optionalNumber(f.get('slippageBps')),
        stakePct: optionalNumber(f.get('stakePct')),
        stopLossPct: optionalNumber(f.get('stopLossPct')),
        takeProfitPct: optionalNumber(f.get('takeProfitPct')),
        params: optionalJsonObject(f.get('params'), 'params'),
      };
    } catch (err) {
      setError(err as Error);
      return;
    }
    setBusy(true);
    try {
      const { backtest } = await client.post<{ backtest: Backtest }>('/backtests', body);
      onStarted();
      router.push(`/backtests/${backtest.id}`);
    } catch (err) {
      setError(err instanceof GatewayError ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form-grid" onSubmit={(e) => void submit(e)} data-testid="backtest-form" noValidate>
      <label>
        Strategy
        <StrategySelect />
      </label>
      <label>
        Symbol
        <input name="symbol" defaultValue="BTC/USDT" />
      </label>
      <label>
        Exchange
        <input name="exchange" defaultValue="sim" />
      </label>
      <label>
        Timeframe
        <select name="timeframe" defaultValue="15m">
          {TIMEFRAMES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
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
      <label className="span-2">
        Parameters <span className="muted">(JSON, optional)</span>
        <textarea name="params" rows={2} placeholder='{"fast": 9, "slow": 21}' />
      </label>
      <label className="span-2 checkbox">
        <input type="checkbox" name="sync" defaultChecked /> Fetch missing candles from the exchange first
      </label>
      <div className="span-2">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run backtest'}
        </button>
      </div>
      {error && (
        <div className="span-2">
          <ErrorBox error={error} title={error instanceof GatewayError ? 'The gateway refused the backtest' : 'Check the form'} />
        </div>
      )}
    </form>
  );
}
