import { ConfigSchema } from '../../../core/config/schema';
import { formatConfigIssues } from '../../../core/config/issues';

const token = 'a'.repeat(43);

describe('ConfigSchema', () => {
  it("fills the seed's risk defaults", () => {
    const cfg = ConfigSchema.parse({ gateway: { token } });
    expect(cfg.risk).toEqual({
      max_position_pct: 10,
      max_leverage: 3,
      max_daily_loss_pct: 5,
      max_open_positions: 3,
      stop_loss_pct: 5,
      take_profit_pct: 10,
    });
    expect(cfg.gateway).toMatchObject({ host: '127.0.0.1', port: 18790 });
  });

  it('refuses a bad value naming its path and rule', () => {
    const r = ConfigSchema.safeParse({ gateway: { token }, risk: { max_leverage: 0 } });
    expect(r.success).toBe(false);
    expect(formatConfigIssues(r.error!)).toEqual([expect.stringMatching(/^risk\.max_leverage: .*>=1/)]);
  });

  it('accepts only env var NAMES for credentials, so a pasted secret is refused', () => {
    const r = ConfigSchema.safeParse({
      gateway: { token },
      exchanges: [{ id: 'binance', credentials: { apiKey: 'abc123-secret-value' } }],
    });
    expect(r.success).toBe(false);
    expect(formatConfigIssues(r.error!)[0]).toMatch(
      /^exchanges\.0\.credentials\.apiKey: must be an environment variable name/,
    );
  });

  it('rejects unknown keys (typos must not pass silently)', () => {
    const r = ConfigSchema.safeParse({ gateway: { token }, risk: { max_levrage: 2 } });
    expect(r.success).toBe(false);
    expect(formatConfigIssues(r.error!)[0]).toMatch(/^risk: .*max_levrage/);
  });

  it('requires a long gateway token', () => {
    const r = ConfigSchema.safeParse({ gateway: { token: 'short' } });
    expect(formatConfigIssues(r.error!)[0]).toMatch(/^gateway\.token: must be at least 32/);
  });
});
