import type { AgentName, AgentSignal } from '../../../core/agents/signal';
import { DEFAULT_COORDINATOR_CONFIG } from '../../../core/coordinator/coordinator-config';
import { decideTrade } from '../../../core/pipeline/decide';

const sig = (agent: AgentName, direction: number, confidence: number, data: Record<string, unknown> = {}) =>
  ({ agent, direction, confidence, reasoning: `${agent} says ${direction}`, data }) as AgentSignal;

/** The strategy with `advice` on this candle, and four analysts all at `others` (confidence 0.8). */
function panel(advice: string, others: number, strategyDirection = advice === 'enter_long' ? 0.7 : 0): AgentSignal[] {
  return [
    sig('strategy', strategyDirection, 0.7, { advice }),
    sig('market', others, 0.8),
    sig('onchain', others, 0.8),
    sig('sentiment', others, 0.8),
    sig('macro', others, 0.8),
  ];
}

const cfg = DEFAULT_COORDINATOR_CONFIG;

describe('decideTrade in strategy mode', () => {
  it('enters on the strategy entry the analysts confirm', () => {
    const d = decideTrade(panel('enter_long', 0.5), 'strategy', cfg, null);
    expect(d).toMatchObject({ action: 'BUY', mode: 'strategy' });
    expect(d.sizeFactor).toBeUndefined();
    expect(d.reasons[0]).toMatch(/confirmed by the analysts/);
  });

  it('never trades when the strategy holds, however bullish the analysts are', () => {
    const d = decideTrade(panel('hold', 1), 'strategy', cfg, null);
    expect(d.action).toBe('HOLD');
    expect(d.reasons[0]).toMatch(/no entry or exit/);
  });

  it('vetoes an entry the analysts oppose at the veto score, and resizes one they lean against', () => {
    const veto = decideTrade(panel('enter_long', -0.3), 'strategy', cfg, null);
    expect(veto.action).toBe('HOLD');
    expect(veto.reasons[0]).toMatch(/analysts veto the strategy's long entry/);
    const lean = decideTrade(panel('enter_long', -0.1), 'strategy', cfg, null);
    expect(lean).toMatchObject({ action: 'BUY', sizeFactor: 0.5 });
    expect(lean.reasons[0]).toMatch(/resized × 0.5/);
  });

  it('does not count the strategy itself in its review', () => {
    // A strong strategy vote would pull a mixed panel positive; reviewed alone the panel is -0.3.
    const d = decideTrade(panel('enter_long', -0.3, 1), 'strategy', cfg, null);
    expect(d.action).toBe('HOLD');
  });

  it('exits whatever the analysts say, and closes first on a reversal', () => {
    const exit = decideTrade(panel('exit', 1), 'strategy', cfg, { side: 'long', quantity: 1 });
    expect(exit.action).toBe('SELL');
    expect(exit.reasons[0]).toMatch(/exits are not reviewed/);
    const reverse = decideTrade(panel('enter_short', 1), 'strategy', cfg, { side: 'long', quantity: 1 });
    expect(reverse.action).toBe('SELL');
    expect(reverse.reasons[0]).toMatch(/first closes the long/);
    expect(decideTrade(panel('exit', 1), 'strategy', cfg, null).action).toBe('HOLD');
    expect(decideTrade(panel('enter_long', 1), 'strategy', cfg, { side: 'long', quantity: 1 }).action).toBe('HOLD');
  });

  it('completes a reversal on the next cycle when the strategy still wants the new side', () => {
    const close = decideTrade(panel('enter_short', 0), 'strategy', cfg, { side: 'long', quantity: 1 });
    expect(close).toMatchObject({ action: 'SELL', reversalTo: 'short' });
    const wantsShort = panel('hold', 0);
    wantsShort[0] = sig('strategy', -0.5, 0.5, { advice: 'hold', desired: 'short' });
    const next = decideTrade(wantsShort, 'strategy', cfg, null, 'short');
    expect(next.action).toBe('SELL');
    expect(next.reasons[0]).toMatch(/completes the reversal/);
    // Without the pending entry, or once the strategy changed its mind, a hold stays a hold.
    expect(decideTrade(wantsShort, 'strategy', cfg, null).action).toBe('HOLD');
    expect(decideTrade(wantsShort, 'strategy', cfg, null, 'long').action).toBe('HOLD');
    // The reversal's entry is reviewed like any other: analysts against it veto it.
    const opposed = panel('hold', 0.4);
    opposed[0] = wantsShort[0];
    expect(decideTrade(opposed, 'strategy', cfg, null, 'short').action).toBe('HOLD');
  });

  it('holds when the strategy abstained', () => {
    const signals = panel('enter_long', 1);
    signals[0] = sig('strategy', 0, 0, { advice: 'enter_long' });
    expect(decideTrade(signals, 'strategy', cfg, null).action).toBe('HOLD');
  });
});

describe('decideTrade in ensemble mode', () => {
  it('lets the coordinator trade on the analysts without a strategy entry', () => {
    const d = decideTrade(panel('hold', 1), 'ensemble', cfg, null);
    expect(d).toMatchObject({ action: 'BUY', mode: 'ensemble' });
  });

  it('turns a signal outside its range into HOLD with the coordinator reason', () => {
    const signals = panel('hold', 1);
    signals[1] = sig('market', 2, 0.8);
    const d = decideTrade(signals, 'ensemble', cfg, null);
    expect(d.action).toBe('HOLD');
    expect(d.reasons[0]).toMatch(/market\.direction must be within -1\.\.1/);
  });
});
