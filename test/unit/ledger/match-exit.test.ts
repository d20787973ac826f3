// Exits matched to open trades: a partial exit splits its trade, and whatever sequence of entries and
// exits the ledger sees, its open trades sum to the position.
import fc from 'fast-check';
import { matchExit, type LedgerTrade } from '../../../core/ledger/match-exit';

const trade = (id: string, quantity: number, entryPrice = 100, fee = 0): LedgerTrade => ({
  id,
  side: 'long',
  quantity,
  entryPrice,
  fee,
});
const sum = (ts: { quantity: number }[]) => ts.reduce((s, t) => s + t.quantity, 0);

describe('matchExit', () => {
  it('splits a trade an exit covers only in part: the closed part carries its pnl and fees pro rata', () => {
    const { closed, remaining } = matchExit([trade('a', 0.00327, 100, 0.327)], {
      filled: 0.00326,
      average: 110,
      fee: 0.1,
    });
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ tradeId: 'a', whole: false });
    expect(closed[0].quantity).toBeCloseTo(0.00326, 12);
    expect(closed[0].entryFee).toBeCloseTo(0.326, 12);
    expect(closed[0].fee).toBeCloseTo(0.426, 12);
    expect(closed[0].pnl).toBeCloseTo(10 * 0.00326 - 0.426, 12);
    expect(remaining).toHaveLength(1);
    expect(remaining[0].id).toBe('a');
    expect(remaining[0].quantity).toBeCloseTo(0.00001, 12);
    expect(remaining[0].fee).toBeCloseTo(0.001, 12);
  });

  it('closes whole trades oldest first and splits the last one it reaches', () => {
    const { closed, remaining } = matchExit([trade('a', 1), trade('b', 2), trade('c', 3)], { filled: 2, fee: 0 });
    expect(closed.map((c) => [c.tradeId, c.whole, c.quantity])).toEqual([
      ['a', true, 1],
      ['b', false, 1],
    ]);
    expect(remaining.map((t) => [t.id, t.quantity])).toEqual([
      ['b', 1],
      ['c', 3],
    ]);
  });

  it('matches first the trade the exit was placed for', () => {
    const { closed, remaining } = matchExit(
      [trade('a', 0.00327), trade('b', 0.00326)],
      { filled: 0.00326, fee: 0 },
      'b',
    );
    expect(closed.map((c) => [c.tradeId, c.whole])).toEqual([['b', true]]);
    expect(remaining.map((t) => [t.id, t.quantity])).toEqual([['a', 0.00327]]);
  });

  it('keeps the open trades summing to the position after any sequence of entries and partial exits', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('entry' as const), qty: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ kind: fc.constant('exit' as const), share: fc.double({ min: 0.0001, max: 1, noNaN: true }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let open: LedgerTrade[] = [];
        let position = 0;
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'entry') {
            // Venue amounts: whole steps of 0.00001.
            const qty = s.qty / 100_000;
            open.push(trade(`t${n++}`, qty, 100, qty * 0.1));
            position += qty;
          } else {
            if (position <= 1e-12) continue;
            const filled = Math.max(0.00001, Math.round(position * s.share * 100_000) / 100_000);
            if (filled > position + 1e-12) continue;
            const feesBefore = open.reduce((f, t) => f + t.fee, 0);
            const r = matchExit(open, { filled, average: 101, fee: 0.01 });
            const feesAfter = r.remaining.reduce((f, t) => f + t.fee, 0);
            expect(sum(r.closed)).toBeCloseTo(filled, 9);
            expect(feesBefore - feesAfter).toBeCloseTo(
              r.closed.reduce((f, c) => f + c.entryFee, 0),
              9,
            );
            open = r.remaining;
            position -= filled;
          }
          expect(Math.abs(sum(open) - position)).toBeLessThan(1e-9);
          expect(open.every((t) => t.quantity > 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
