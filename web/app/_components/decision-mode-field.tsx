'use client';

import { useState } from 'react';
import type { DecisionMode } from '../../lib/gateway-types';

/** Keyed by the gateway's enum, so a mode added there fails web's typecheck until it is described here. */
export const DECISION_MODE_MEANING: Record<DecisionMode, string> = {
  strategy:
    "the strategy's advice decides; the analysts and the coordinator may veto or shrink it, never invent a trade",
  ensemble: 'the coordinator decides from every analyst signal, the strategy being one of them',
};

const MODES = Object.keys(DECISION_MODE_MEANING) as DecisionMode[];

/** The `decide` select of the session form, with the line saying what the chosen mode means. */
export function DecisionModeField() {
  const [mode, setMode] = useState<DecisionMode>('strategy');
  return (
    <label>
      Decision mode
      <select name="decide" value={mode} onChange={(e) => setMode(e.target.value as DecisionMode)}>
        {MODES.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <span className="muted" data-testid="decide-meaning">
        {DECISION_MODE_MEANING[mode]}
      </span>
    </label>
  );
}
