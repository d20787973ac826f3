// The read side of stored intelligence, as the snapshot and the backtest need it: implemented by the
// intel repository (infra/adapters/db/repositories/intel.ts), consumed through buildIntelTimeline.
import type { Headline, Observation } from './observation';

export interface IntelReader {
  /**
   * Everything a view at any t in [from, to] can hold: per series, the rows known by `to` whose
   * period is at or after from − lookbackMs(series); headlines known by `to` published at or after
   * from − HEADLINE_LOOKBACK_MS. A live cycle asks (t, t), a backtest its whole range once.
   */
  readForViews(from: number, to: number): Promise<{ observations: Observation[]; headlines: Headline[] }>;
}
