import type { RiskInput, RiskIntent, RiskOpenPosition } from './risk-types';

/**
 * What the decision means given the position already held in the symbol: a SELL while long closes
 * the long (no reversal in one step), a BUY while long adds to it.
 */
export function classifyIntent(input: RiskInput): { intent: RiskIntent; position?: RiskOpenPosition } {
  const position = input.openPositions.find((p) => p.symbol === input.symbol && p.quantity > 0);
  switch (input.decision.action) {
    case 'HOLD':
      return { intent: 'none', position };
    case 'BUY':
      return position?.side === 'short' ? { intent: 'close_short', position } : { intent: 'open_long', position };
    case 'SELL':
      return position?.side === 'long' ? { intent: 'close_long', position } : { intent: 'open_short', position };
    default:
      throw new Error(`risk: unknown decision.action ${JSON.stringify(input.decision.action)}`);
  }
}
