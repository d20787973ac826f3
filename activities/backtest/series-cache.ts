// A worker keeps the last runs' candles and advice in memory, so the chunks after prepare do not each
// read tens of MB back from PostgreSQL. Losing it is harmless: a miss reads the stored copy.
import type { CandleSeries } from '../../core/candles/series';
import type { AdviceBuffer } from '../../core/strategies/advice';
import type { ChunkRow } from '../../infra/adapters/db/repositories/backtest-runs';

export interface PreparedData {
  series: CandleSeries;
  advice: AdviceBuffer;
  /** Checkpoints this worker computed, by start candle: finalize uses them when they match the stored ones. */
  segments: Map<number, ChunkRow>;
}

export class SeriesCache {
  private readonly entries = new Map<string, PreparedData>();
  constructor(private readonly capacity = 2) {}

  get(runId: string): PreparedData | undefined {
    const hit = this.entries.get(runId);
    if (hit) {
      this.entries.delete(runId);
      this.entries.set(runId, hit);
    }
    return hit;
  }

  set(runId: string, data: PreparedData): void {
    this.entries.delete(runId);
    this.entries.set(runId, data);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(runId: string): void {
    this.entries.delete(runId);
  }
}
