// The workflow bundle's entry: every workflow type the workers register.
export { systemCheck } from './system-check';
export { tradingSession } from './trading-session';
export { backtest } from './backtest';
export { tradingCycle } from './trading-cycle';
export { evolution } from './evolution';
export { intelSync } from './intel-sync';
export { notificationDelivery } from './notification-delivery';
export { dailySummary } from './daily-summary';
