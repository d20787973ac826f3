// A /kill confirmation is good once, for the chat that asked, within its minute: a forwarded,
// replayed or late press must never send a kill.
import { KillConfirmations } from '../../../infra/services/telegram/kill-confirmations';

describe('kill confirmations', () => {
  let now = 1_000_000;
  const confirmations = () => new KillConfirmations(() => now);

  it('is taken once by the chat that asked', () => {
    const c = confirmations();
    const nonce = c.ask('s1', '42');
    // Another chat holding the same button data gets nothing, and does not use it up.
    expect(c.take(nonce, '43')).toBeUndefined();
    expect(c.take(nonce, '42')).toBe('s1');
    expect(c.take(nonce, '42')).toBeUndefined();
  });

  it('expires after a minute', () => {
    const c = confirmations();
    const nonce = c.ask('s1', '42');
    now += 60_001;
    expect(c.take(nonce, '42')).toBeUndefined();
  });

  it('a cancelled one cannot be confirmed', () => {
    const c = confirmations();
    const nonce = c.ask('s1', '42');
    expect(c.cancel(nonce, '43')).toBe(false);
    expect(c.cancel(nonce, '42')).toBe(true);
    expect(c.take(nonce, '42')).toBeUndefined();
  });

  it('gives each question its own id', () => {
    const c = confirmations();
    expect(c.ask('s1', '42')).not.toBe(c.ask('s1', '42'));
  });
});
