'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { GatewayError } from '../../lib/api-client';
import type { Session, SessionCreateBody } from '../../lib/api-types';
import { list, optionalJsonObject, optionalNumber, text } from '../../lib/form-values';
import { useGateway } from '../../lib/gateway-context';
import { ErrorBox } from '../_components/states';
import { StrategySelect, TIMEFRAMES } from '../_components/strategy-select';

export function SessionForm({ onStarted }: { onStarted(): void }) {
  const { client } = useGateway();
  const router = useRouter();
  const [mode, setMode] = useState<'paper' | 'live'>('paper');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!client) return;
    const f = new FormData(e.currentTarget);
    setError(null);
    let body: SessionCreateBody;
    try {
      body = {
        mode,
        exchange: text(f.get('exchange')) || 'sim',
        symbols: list(f.get('symbols')),
        timeframe: text(f.get('timeframe')),
        strategy: text(f.get('strategy')),
        params: optionalJsonObject(f.get('params'), 'params'),
        maxCycles: optionalNumber(f.get('maxCycles')),
        speed: optionalNumber(f.get('speed')),
        ...(mode === 'live' && f.get('confirmLive') === 'on' ? { confirmLive: true as const } : {}),
      };
    } catch (err) {
      setError(err as Error);
      return;
    }
    setBusy(true);
    try {
      const { session } = await client.post<{ session: Session }>('/sessions', body);
      onStarted();
      router.push(`/sessions/${session.id}`);
    } catch (err) {
      setError(err instanceof GatewayError ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form-grid" onSubmit={(e) => void submit(e)} data-testid="session-form" noValidate>
      <label>
        Strategy
        <StrategySelect />
      </label>
      <label>
        Symbols
        <input name="symbols" defaultValue="BTC/USDT" placeholder="BTC/USDT, ETH/USDT" />
      </label>
      <label>
        Timeframe
        <select name="timeframe" defaultValue="1m">
          {TIMEFRAMES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Exchange
        <input name="exchange" defaultValue="sim" />
      </label>
      <label>
        Sim speed <span className="muted">(sim only, × real time)</span>
        <input name="speed" inputMode="decimal" placeholder="1" />
      </label>
      <label>
        Max cycles <span className="muted">(optional)</span>
        <input name="maxCycles" inputMode="numeric" />
      </label>
      <label className="span-2">
        Parameters <span className="muted">(JSON, optional)</span>
        <textarea name="params" rows={2} placeholder='{"fast": 9, "slow": 21}' />
      </label>
      <fieldset className="span-2 radio-row">
        <legend>Mode</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'paper'} onChange={() => setMode('paper')} /> Paper
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'live'} onChange={() => setMode('live')} /> Live (real money)
        </label>
        {mode === 'live' && (
          <label className="warn-text">
            <input type="checkbox" name="confirmLive" /> I understand this places real orders
          </label>
        )}
      </fieldset>
      <div className="span-2">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start session'}
        </button>
      </div>
      {error && (
        <div className="span-2">
          <ErrorBox error={error} title={error instanceof GatewayError ? 'The gateway refused the session' : 'Check the form'} />
        </div>
      )}
    </form>
  );
}
