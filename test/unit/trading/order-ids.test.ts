import { cycleClientOrderId, ORDER_PURPOSES } from '../../../activities/order-ids';
import { cycleWorkflowId } from '../../../workflows/trading-contract';

describe('cycleClientOrderId', () => {
  const cycle = cycleWorkflowId('a-rather-long-session-id-from-the-cli-0123456789', 1_771_211_940_000, 'BTC/USDT:USDT');

  it('is the same for the same cycle and purpose (a retry sends the same id)', () => {
    expect(cycleClientOrderId(cycle, 'entry')).toBe(cycleClientOrderId(cycle, 'entry'));
  });

  it('differs per purpose and per cycle', () => {
    const ids = ORDER_PURPOSES.map((p) => cycleClientOrderId(cycle, p));
    expect(new Set(ids).size).toBe(ORDER_PURPOSES.length);
    expect(cycleClientOrderId(cycle.replace('1771211940000', '1771212000000'), 'entry')).not.toBe(ids[0]);
  });

  it("fits every venue: at most 36 characters of Binance's charset", () => {
    for (const p of ORDER_PURPOSES) expect(cycleClientOrderId(cycle, p)).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
  });

  it('names bad input', () => {
    expect(() => cycleClientOrderId('', 'entry')).toThrow(/cycleId must be a non-empty string/);
    expect(() => cycleClientOrderId(cycle, 'bogus' as never)).toThrow(/unknown purpose "bogus"/);
  });
});
