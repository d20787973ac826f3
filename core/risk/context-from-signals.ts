// The parts of the risk input that come from the analysts' signals, read in one place so the cycle
// workflow, the backtester and tests derive them identically.
import type { AgentSignal } from '../agents/signal';
import type { MacroWindowInfo, RiskInput } from './risk-types';

// Module-level helpers, not closures: this runs on every cycle of a pipeline backtest, and a closure
// per call (each named by the TypeScript loader's keepNames) cost more than the lookups themselves.
const by = (signals: AgentSignal[], name: AgentSignal['agent']) => signals.find((s) => s.agent === name);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function riskContextFromSignals(
  signals: AgentSignal[],
): Pick<RiskInput, 'sentimentExtreme' | 'macroWindow' | 'protection'> {
  const sentiment = by(signals, 'sentiment');
  const macro = by(signals, 'macro');
  const strategy = by(signals, 'strategy');
  const window = macro?.data.eventWindow as MacroWindowInfo | null | undefined;
  const stopLossPct = num(strategy?.data.stopLossPct);
  const takeProfitPct = num(strategy?.data.takeProfitPct);
  return {
    sentimentExtreme: sentiment?.data.extreme === true,
    macroWindow: window && typeof window.kind === 'string' ? { kind: window.kind, eventTime: window.eventTime } : null,
    protection: stopLossPct !== undefined || takeProfitPct !== undefined ? { stopLossPct, takeProfitPct } : undefined,
  };
}
