import type { PaperPosition } from './types';

/** Price at which the position's margin minus the maintenance margin is used up (isolated formula). */
export function liquidationPrice(position: PaperPosition, maintenanceMarginRate: number): number {
  const cushion = 1 / position.leverage - maintenanceMarginRate;
  return position.contracts > 0 ? position.entryPrice * (1 - cushion) : position.entryPrice * (1 + cushion);
}
