import { credentialValid, MAX_TICKET_TTL_MS, mintTicket, ticketValid } from '../../../api/http/dashboard-ticket';

const token = 'k'.repeat(40);

describe('dashboard tickets', () => {
  it('are valid until their expiry, for the token they were minted from only', () => {
    const now = 1_800_000_000_000;
    const t = mintTicket(token, 3600_000, now);
    expect(t).toMatch(/^ot1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(t).not.toContain(token);
    expect(ticketValid(t, token, now + 3599_000)).toBe(true);
    expect(ticketValid(t, token, now + 3600_000)).toBe(false);
    expect(ticketValid(t, 'x'.repeat(40), now)).toBe(false);
  });

  it('refuse tampering: a changed expiry, a far-future expiry, garbage', () => {
    const now = 1_800_000_000_000;
    const t = mintTicket(token, 3600_000, now);
    const [, exp, mac] = t.split('.');
    expect(ticketValid(`ot1.${Number(exp) + 1000}.${mac}`, token, now)).toBe(false);
    // Minting caps the lifetime, and a forged longer one is refused even with a right MAC shape.
    const long = mintTicket(token, 10 * MAX_TICKET_TTL_MS, now);
    expect(Number(long.split('.')[1]) - now).toBe(MAX_TICKET_TTL_MS);
    expect(ticketValid(long, token, now - 1000)).toBe(false);
    for (const junk of ['', 'ot1', 'ot1..', `ot1.${exp}.`, token]) expect(ticketValid(junk, token, now)).toBe(false);
  });

  it('credentialValid accepts the token itself or a ticket', () => {
    expect(credentialValid(token, token)).toBe(true);
    expect(credentialValid(mintTicket(token, 60_000), token)).toBe(true);
    expect(credentialValid('nope', token)).toBe(false);
  });
});
