'use client';

import { useState } from 'react';
import type { BacktestDecisionMode } from '../../lib/gateway-types';
import { DECISION_MODE_MEANING } from '../_components/decision-mode-field';

/** Keyed by the gateway's enum, so a mode added there fails web's typecheck until it is described here. */
const MEANING: Record<BacktestDecisionMode, string> = {
  'strategy-only': 'the strategy alone on the fast engine: no analysts, no risk step, the quickest run',
  strategy: `the whole pipeline per candle as a session runs it: ${DECISION_MODE_MEANING.strategy}`,
  ensemble: `the whole pipeline per candle as a session runs it: ${DECISION_MODE_MEANING.ensemble}`,
};

const MODES = Object.keys(MEANING) as BacktestDecisionMode[];

/** The backtest form's `decide` select, with the line saying what the chosen mode means. */
export function BacktestDecisionModeField() {
  const [mode, setMode] = useState<BacktestDecisionMode>('strategy-only');
  return (
    <label className="span-2">
      Decision mode
      <select name="decide" value={mode} onChange={(e) => setMode(e.target.value as BacktestDecisionMode)}>
        {MODES.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <span className="muted" data-testid="decide-meaning">
        {MEANING[mode]}
      </span>
    </label>
  );
}
