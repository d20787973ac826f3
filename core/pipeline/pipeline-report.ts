// What a pipeline backtest reports: the one JSON object `backtest --decide strategy|ensemble --json`
// prints, and its terminal summary. The durable run stores this object's text, so both paths print
// the same bytes for the same candles.
import { formatBacktestReport } from '../backtest/format-report';
import type { DecisionMode } from './decision-mode';
import type { PipelineBacktestResult } from './run-pipeline-backtest';

export type PipelineReport = Pick<
  PipelineBacktestResult,
  'metrics' | 'cycles' | 'holds' | 'decisions' | 'trades' | 'locks'
> & {
  decide: DecisionMode;
};

export function pipelineReport(decide: DecisionMode, r: PipelineBacktestResult): PipelineReport {
  return {
    decide,
    metrics: r.metrics,
    cycles: r.cycles,
    holds: r.holds,
    decisions: r.decisions,
    trades: r.trades,
    locks: r.locks,
  };
}

/** `title`: what ran on what, e.g. the strategy with its params and the symbol. */
export function formatPipelineReport(
  title: string,
  decide: DecisionMode,
  r: Pick<PipelineReport, 'metrics' | 'trades' | 'decisions' | 'cycles' | 'locks'>,
): string {
  const vetoes = r.decisions.filter((d) => d.verdict === 'veto').length;
  return (
    `${formatBacktestReport(`pipeline backtest (--decide ${decide}) ${title}`, r)}\n` +
    `cycles        ${r.cycles}   BUY/SELL decisions ${r.decisions.length}   vetoed ${vetoes}   protection locks ${r.locks.length}\n`
  );
}
