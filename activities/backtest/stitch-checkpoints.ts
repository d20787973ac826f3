/**
 * A durable run's equity curve from its stored checkpoints, which must cover candles [0, n) in order
 * (a gap or a short end is an error naming the run); `each` sees every checkpoint, in order.
 */
export function stitchCheckpoints<C extends { start: number; end: number; equity: ArrayLike<number> }>(
  runId: string,
  n: number,
  chunks: readonly C[],
  each: (c: C) => void,
): Float64Array {
  const equity = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    if (c.start !== at) throw new Error(`backtest run ${runId}: checkpoints leave candles ${at}..${c.start} uncovered`);
    equity.set(c.equity, c.start);
    each(c);
    at = c.end;
  }
  if (at !== n) throw new Error(`backtest run ${runId}: checkpoints end at candle ${at} of ${n}`);
  return equity;
}
