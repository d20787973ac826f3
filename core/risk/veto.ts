import type { RiskIntent, RiskVerdict } from './risk-types';

/** A verdict that sends nothing, with its reasons. */
export function veto(
  intent: RiskIntent,
  reasons: string[],
  killSwitch: boolean,
  leverage: number,
  sizing: RiskVerdict['sizing'] = {},
): RiskVerdict {
  return {
    verdict: 'veto',
    intent,
    side: null,
    reduceOnly: false,
    quantity: 0,
    notional: 0,
    stopLoss: null,
    takeProfit: null,
    leverage,
    reasons,
    killSwitch,
    sizing,
  };
}
