import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file's structure is what we can check.
const compose = parse(readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8'), { merge: true });
const services = compose.services as Record<string, any>;
const hostPorts = (svc: any): number[] => (svc.ports ?? []).map((p: string) => Number(String(p).split(':')[0]));

describe('docker-compose.yml', () => {
  it('has every service of the stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['gateway', 'pgadmin', 'postgres', 'redis', 'temporal', 'temporal-ui', 'web', 'worker'].sort(),
    );
  });

  it.each([
    ['gateway', 18790],
    ['web', 3000],
    ['postgres', 5432],
    ['redis', 6379],
    ['pgadmin', 5050],
    ['temporal', 7233],
    ['temporal-ui', 8233],
  ])('publishes %s on host port %d', (name, port) => {
    expect(hostPorts(services[name])).toContain(port);
  });

  it('gives every service a healthcheck', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect({ name, test: svc.healthcheck?.test }).toEqual({ name, test: expect.anything() });
    }
  });

  it('uses Temporal auto-setup on Postgres and a TimescaleDB image', () => {
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup/);
    expect(services.temporal.environment.DB).toMatch(/postgres/);
    expect(services.postgres.image).toMatch(/timescale/);
  });

  it('wires the OpenTrade processes to Postgres, Redis and Temporal by service name', () => {
    for (const name of ['gateway', 'worker']) {
      const env = services[name].environment;
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(services[name].depends_on.temporal.condition).toBe('service_healthy');
    }
  });

  it('keeps secrets out of the file (credentials come from .env)', () => {
    const text = readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8');
    expect(text).not.toMatch(/API_KEY\s*:|SECRET\s*:|PRIVATE_KEY\s*:/);
  });
});
