import type { AdviceBuffer } from '../strategies/advice';
import { TradeColumns } from './trade-columns';
import { float64ArrayToOverwrite } from './uninitialized-array';

/**
 * The memory one backtest writes (advice codes, the equity curve, the trade columns), kept from run
 * to run. An optimizer runs thousands of backtests of the same length one after another and keeps
 * only their metrics: with a workspace none of them allocates megabytes for the GC to reclaim.
 * Buffers grow when a longer series comes along and are never shrunk.
 *
 * A result produced with a workspace is only valid until the workspace's next run: its `equity` is
 * a view into the workspace's curve and its `trades` are read from the workspace's columns (reading
 * them after the workspace ran again throws). One workspace serves one run at a time.
 */
export class BacktestWorkspace {
  readonly trades = new TradeColumns(256);
  private equityBuf: Float64Array = new Float64Array(0);
  private actionBuf = new Int8Array(0);
  private stopBuf = new Float64Array(0);
  private takeBuf = new Float64Array(0);
  private run = 0;

  /** Starts a run: forgets the previous run's trades; returns the run's number (see `assertCurrent`). */
  begin(): number {
    this.trades.clear();
    return ++this.run;
  }

  /** Throws if the workspace has started another run since `run` (whose results it has overwritten). */
  assertCurrent(run: number, what: string): void {
    if (run !== this.run)
      throw new Error(
        `${what} of a backtest read after its workspace ran another backtest: copy what you keep before reusing the workspace`,
      );
  }

  /** A curve of `length` candles whose contents are unspecified: the engine writes every element. */
  equity(length: number): Float64Array {
    if (this.equityBuf.length < length) this.equityBuf = float64ArrayToOverwrite(grown(this.equityBuf.length, length));
    return this.equityBuf.subarray(0, length);
  }

  /** An advice buffer of `length` candles as `allocateAdvice` makes it (hold everywhere, no overrides). */
  advice(length: number, overrides = false): AdviceBuffer {
    if (this.actionBuf.length < length) this.actionBuf = new Int8Array(grown(this.actionBuf.length, length));
    const action = this.actionBuf.subarray(0, length);
    // Strategies write only the candles they signal on: the rest must read hold.
    action.fill(0);
    if (!overrides) return { action, stopLossPct: null, takeProfitPct: null };
    if (this.stopBuf.length < length) {
      this.stopBuf = new Float64Array(grown(this.stopBuf.length, length));
      this.takeBuf = new Float64Array(this.stopBuf.length);
    }
    return {
      action,
      stopLossPct: this.stopBuf.subarray(0, length).fill(NaN),
      takeProfitPct: this.takeBuf.subarray(0, length).fill(NaN),
    };
  }
}

/** At least `need`, and half as much again as before, so a slowly lengthening series does not reallocate every run. */
function grown(current: number, need: number): number {
  return current === 0 ? need : Math.max(need, Math.ceil(current * 1.5));
}
