'use client';

import { useState } from 'react';
import type { DecisionMode } from '../../lib/gateway-types';

/** Keyed by the gateway's enum, so a mode added there fails web's typecheck until it is described here. */
export const DECISION_MODE_MEANING: Record<DecisionMode, string> = {
  strategy:
    "the strategy's advice decides; the analysts and the coordinator may veto or shrink it, never invent a trade",
  ensemble: 'the coordinator decides from every analyst signal, the strategy being one of them',
};

/**
 * A form's `decide` select with the line saying what the chosen mode means; `meanings` lists the
 * modes in order (the first is the default).
 */
export function DecisionModeField<M extends string>({
  meanings = DECISION_MODE_MEANING as Record<M, string>,
  className,
}: {
  meanings?: Record<M, string>;
  className?: string;
}) {
  const modes = Object.keys(meanings) as M[];
  const [mode, setMode] = useState<M>(modes[0]);
  return (
    <label className={className}>
      Decision mode
      <select name="decide" value={mode} onChange={(e) => setMode(e.target.value as M)}>
        {modes.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <span className="muted" data-testid="decide-meaning">
        {meanings[mode]}
      </span>
    </label>
  );
}
