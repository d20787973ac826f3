// The parts of the risk input that come from the analysts' signals, read in one place so the cycle
// workflow, the backtester and tests derive them identically.
import type { AgentSignal } from '../agents/signal';
import type { MacroWindowInfo, RiskInput } from './risk-types';

export function riskContextFromSignals(
  signals: AgentSignal[],
): Pick<RiskInput, 'sentimentExtreme' | 'macroWindow' | 'protection'> {
  const by = (name: AgentSignal['agent']) => signals.find((s) => s.agent === name);
  const sentiment = by('sentiment');
  const macro = by('macro');
  const strategy = by('strategy');
  const window = macro?.data.eventWindow as MacroWindowInfo | null | undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const stopLossPct = num(strategy?.data.stopLossPct);
  const takeProfitPct = num(strategy?.data.takeProfitPct);
  return {
    sentimentExtreme: sentiment?.data.extreme === true,
    macroWindow: window && typeof window.kind === 'string' ? { kind: window.kind, eventTime: window.eventTime } : null,
    protection: stopLossPct !== undefined || takeProfitPct !== undefined ? { stopLossPct, takeProfitPct } : undefined,
  };
}
