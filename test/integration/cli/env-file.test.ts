import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, runCliAsync } from './run-cli';

// A user runs the CLI from anywhere with OPENTRADE_CONFIG set: the secrets are the ones kept beside
// that config, never whatever .env the current directory happens to hold.
describe('.env beside the config file', () => {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'ot-envfile-config-'));
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'ot-envfile-cwd-'));
  const env = {
    OPENTRADE_CONFIG: path.join(configDir, 'opentrade.config.json'),
    OPENTRADE_HOME: path.join(configDir, '.opentrade'),
    OPENTRADE_ENV_FILE: undefined,
    OT_ENVFILE_KEY: undefined,
    OT_ENVFILE_SECRET: undefined,
  };
  beforeAll(() => {
    expect(runCli(['init', '--yes'], env).code).toBe(0);
    const exchanges = [
      { id: 'binance', sandbox: false, credentials: { apiKey: 'OT_ENVFILE_KEY', secret: 'OT_ENVFILE_SECRET' } },
    ];
    expect(runCli(['config', 'set', 'exchanges', JSON.stringify(exchanges)], env).code).toBe(0);
    writeFileSync(path.join(configDir, '.env'), 'OT_ENVFILE_KEY=from-the-config-directory\n');
    writeFileSync(path.join(elsewhere, '.env'), 'OT_ENVFILE_SECRET=from-the-current-directory\n');
  });
  afterAll(() => {
    rmSync(configDir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('is read from the config directory, and the current directory’s .env is not', async () => {
    const r = await runCliAsync(['doctor', '--json'], env, elsewhere);
    const cred = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'credentials:binance');
    expect(cred).toMatchObject({ status: 'fail', detail: 'missing env vars: OT_ENVFILE_SECRET' });
    expect(r.stdout).not.toContain('from-the-');
  });
});
