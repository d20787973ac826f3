import { postTradeCheck } from '../../../core/pipeline/post-trade-check';

const limits = { maxSlippageBps: 50, maxOverfillPct: 1 };

describe('postTradeCheck', () => {
  it('passes a fill of the approved size near the expected price', () => {
    const r = postTradeCheck(
      { side: 'buy', approvedQuantity: 1, filled: 1, average: 100.2, expectedPrice: 100 },
      limits,
    );
    expect(r).toEqual({ ok: true, reasons: [], slippageBps: 20 });
  });

  it('vetoes a fill larger than approved beyond the tolerance, not within it', () => {
    expect(
      postTradeCheck({ side: 'buy', approvedQuantity: 1, filled: 1.01, average: 100, expectedPrice: 100 }, limits).ok,
    ).toBe(true);
    const r = postTradeCheck(
      { side: 'buy', approvedQuantity: 1, filled: 1.02, average: 100, expectedPrice: 100 },
      limits,
    );
    expect(r.ok).toBe(false);
    expect(r.reasons[0]).toMatch(/filled 1.02 is more than the approved 1/);
  });

  it('counts only adverse slippage, by side', () => {
    // A buy filled higher, a sell filled lower: against us.
    expect(
      postTradeCheck({ side: 'buy', approvedQuantity: 1, filled: 1, average: 101, expectedPrice: 100 }, limits),
    ).toMatchObject({ ok: false, slippageBps: 100 });
    expect(
      postTradeCheck({ side: 'sell', approvedQuantity: 1, filled: 1, average: 99, expectedPrice: 100 }, limits),
    ).toMatchObject({ ok: false, slippageBps: 100 });
    // Better prices are never a reason to undo a trade.
    expect(
      postTradeCheck({ side: 'buy', approvedQuantity: 1, filled: 1, average: 98, expectedPrice: 100 }, limits),
    ).toMatchObject({ ok: true, slippageBps: -200 });
    expect(
      postTradeCheck({ side: 'sell', approvedQuantity: 1, filled: 1, average: 102, expectedPrice: 100 }, limits),
    ).toMatchObject({ ok: true, slippageBps: -200 });
  });

  it('vetoes a fill without an average price: slippage unknown', () => {
    const r = postTradeCheck({ side: 'buy', approvedQuantity: 1, filled: 1, expectedPrice: 100 }, limits);
    expect(r.ok).toBe(false);
    expect(r.reasons[0]).toMatch(/no average fill price/);
  });
});
