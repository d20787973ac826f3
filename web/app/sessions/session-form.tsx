'use client';

import { useState } from 'react';
import type { DecisionMode, SessionCreateBody } from '../../lib/gateway-types';
import { list, optionalJsonObject, optionalNumbers, text } from '../../lib/form-values';
import { AgentsField, agentsOf, DecisionModeField } from '../_components/decision-mode-field';
import { RunForm } from '../_components/run-form';
import { ExchangeField, ParamsField, TimeframeField } from '../_components/run-form-fields';

export function SessionForm({ onStarted }: { onStarted(): void }) {
  const [mode, setMode] = useState<'paper' | 'live'>('paper');
  const readBody = (f: FormData): SessionCreateBody => ({
    mode,
    exchange: text(f.get('exchange')) || 'sim',
    symbols: list(f.get('symbols')),
    timeframe: text(f.get('timeframe')),
    strategy: text(f.get('strategy')),
    params: optionalJsonObject(f.get('params'), 'params'),
    decide: text(f.get('decide')) as DecisionMode,
    // Sent for rules only too: a session body without agents takes the config's modes, which may ask a model.
    agents: agentsOf(f),
    ...optionalNumbers(f, ['maxCycles', 'speed', 'trailingStopPct']),
    ...(mode === 'live' && f.get('confirmLive') === 'on' ? { confirmLive: true as const } : {}),
  });

  return (
    <RunForm
      collection="/sessions"
      noun="session"
      read={readBody}
      onStarted={onStarted}
      submitLabel="Start session"
      testId="session-form"
    >
      <label>
        Symbols
        <input name="symbols" defaultValue="BTC/USDT" placeholder="BTC/USDT, ETH/USDT" />
      </label>
      <TimeframeField defaultValue="1m" />
      <ExchangeField />
      <label>
        Sim speed <span className="muted">(sim only, × real time)</span>
        <input name="speed" inputMode="decimal" placeholder="1" />
      </label>
      <label>
        Max cycles <span className="muted">(optional)</span>
        <input name="maxCycles" inputMode="numeric" />
      </label>
      <DecisionModeField />
      <AgentsField />
      <label>
        Trailing stop <span className="muted">(optional, % behind the best price since entry)</span>
        <input name="trailingStopPct" inputMode="decimal" placeholder="e.g. 2" />
      </label>
      <ParamsField />
      <fieldset className="span-2 radio-row">
        <legend>Mode</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'paper'} onChange={() => setMode('paper')} /> Paper
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'live'} onChange={() => setMode('live')} /> Live (real
          money)
        </label>
        {mode === 'live' && (
          <label className="warn-text">
            <input type="checkbox" name="confirmLive" /> I understand this places real orders
          </label>
        )}
      </fieldset>
    </RunForm>
  );
}
