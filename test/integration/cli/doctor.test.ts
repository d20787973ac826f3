import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { runCliAsync, runCli } from './run-cli';

// The integration stack (global setup) exports DATABASE_URL, REDIS_URL and TEMPORAL_ADDRESS.
describe('opentrade doctor against the real stack', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-'));
  const env = {
    OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
    OPENTRADE_HOME: path.join(dir, '.opentrade'),
  };
  beforeAll(() => expect(runCli(['init', '--yes'], env).code).toBe(0));

  it('exits 0 with every required check ok while the stack is up', async () => {
    const r = await runCliAsync(['doctor', '--json'], env);
    const report = JSON.parse(r.stdout);
    const failing = report.checks.filter((c: any) => c.status === 'fail');
    expect(failing).toEqual([]);
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
    expect(report.checks.map((c: any) => c.name)).toEqual(
      expect.arrayContaining([
        'node',
        'config',
        'temporal-cli',
        'temporal',
        'search-attributes',
        'postgres',
        'migrations',
        'redis',
        'llm',
        'disk',
      ]),
    );
  });

  it('exits non-zero naming Redis when Redis is down', async () => {
    const closed = await freePort();
    const r = await runCliAsync(['doctor', '--json'], { ...env, REDIS_URL: `redis://127.0.0.1:${closed}` });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c: any) => c.status === 'fail').map((c: any) => c.name)).toEqual(['redis']);
  });

  it('names a live exchange whose credentials are missing', async () => {
    runCli(
      [
        'config',
        'set',
        'exchanges',
        JSON.stringify([
          {
            id: 'binance',
            sandbox: false,
            credentials: { apiKey: 'OT_TEST_BINANCE_KEY', secret: 'OT_TEST_BINANCE_SECRET' },
          },
        ]),
      ],
      env,
    );
    const r = await runCliAsync(['doctor', '--json'], { ...env, OT_TEST_BINANCE_KEY: 'key-value-never-printed' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('key-value-never-printed');
    const cred = JSON.parse(r.stdout).checks.find((c: any) => c.name === 'credentials:binance');
    expect(cred).toMatchObject({ status: 'fail', detail: 'missing env vars: OT_TEST_BINANCE_SECRET' });
  });
});
