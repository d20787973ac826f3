'use client';

import type { BacktestDecisionMode } from '../../lib/gateway-types';
import { DECISION_MODE_MEANING, DecisionModeField } from '../_components/decision-mode-field';

/** Keyed by the gateway's enum, so a mode added there fails web's typecheck until it is described here. */
const MEANING: Record<BacktestDecisionMode, string> = {
  'strategy-only': 'the strategy alone on the fast engine: no analysts, no risk step, the quickest run',
  strategy: `the whole pipeline per candle as a session runs it: ${DECISION_MODE_MEANING.strategy}`,
  ensemble: `the whole pipeline per candle as a session runs it: ${DECISION_MODE_MEANING.ensemble}`,
};

/** The backtest form's `decide` select (strategy-only first: the default). */
export function BacktestDecisionModeField() {
  return <DecisionModeField meanings={MEANING} className="span-2" />;
}
