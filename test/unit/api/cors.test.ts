import { dashboardOrigins } from '../../../api/http/cors';

const base = { gateway: { host: '127.0.0.1', port: 18790, token: 'x'.repeat(32) }, web: { port: 3000, enabled: true } };

describe('dashboardOrigins', () => {
  it('defaults to the local dashboard under both loopback names on web.port', () => {
    expect(dashboardOrigins({ ...base, web: { port: 4123, enabled: true } })).toEqual([
      'http://localhost:4123',
      'http://127.0.0.1:4123',
    ]);
  });

  it('uses gateway.corsOrigin instead when set, as a comma-separated list without trailing slashes', () => {
    const config = {
      ...base,
      gateway: { ...base.gateway, corsOrigin: 'https://trade.example.com/, https://ops.example.com' },
    };
    expect(dashboardOrigins(config)).toEqual(['https://trade.example.com', 'https://ops.example.com']);
  });
});
