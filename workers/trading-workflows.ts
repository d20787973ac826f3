// The trading queue's workflow bundle entry: only what runs there. Every workflow run evaluates the
// modules its bundle imports (see workflow-bundle.ts), so a cycle no longer pays for building the
// backtest and evolution schemas it never uses. The workflows are the same code as in workflows/.
export { systemCheck } from '../workflows/system-check';
export { tradingSession } from '../workflows/trading-session';
export { tradingCycle } from '../workflows/trading-cycle';
