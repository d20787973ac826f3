// `opentrade telegram` as a user runs it: refused in one line (and the exit code the supervisor
// does not restart on) without a control channel, without its token, or with a refused token; with
// them it answers the fake Bot API from the integration stack's database and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TELEGRAM_CONFIG_EXIT } from '../../../infra/services/telegram/control-channels';
import { FAKE_BOT_TOKEN, FakeTelegramApi } from '../../fixtures/notify/telegram-bot-api';
import { CLI, childEnv, runCli, runCliAsync } from '../cli/run-cli';

jest.setTimeout(120_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-telegram-cli-'));
const env = {
  OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
  OPENTRADE_HOME: path.join(dir, '.opentrade'),
  OPENTRADE_ENV_FILE: undefined,
  OT_TG_CLI_TOKEN: undefined,
};
let fake: FakeTelegramApi;

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  expect(runCli(['init', '--yes'], env).code).toBe(0);
});
afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const setChannels = (channels: unknown[]) =>
  expect(runCli(['config', 'set', 'notifications', JSON.stringify(channels)], env).code).toBe(0);
const telegram = (over: Record<string, unknown> = {}) => ({
  type: 'telegram',
  botTokenEnv: 'OT_TG_CLI_TOKEN',
  chatIds: [4242],
  apiRoot: fake.url,
  ...over,
});

describe('opentrade telegram', () => {
  it('without a control channel says which field to set', async () => {
    setChannels([{ type: 'log' }, telegram({ control: false })]);
    const r = await runCliAsync(['telegram'], env);
    expect(r.code).toBe(TELEGRAM_CONFIG_EXIT);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no telegram channel with control: true under "notifications"/);
  });

  it('without the token names botTokenEnv and the variable', async () => {
    setChannels([telegram()]);
    const r = await runCliAsync(['telegram'], env);
    expect(r.code).toBe(TELEGRAM_CONFIG_EXIT);
    expect(r.stderr).toMatch(/notifications channel "telegram": botTokenEnv names \$OT_TG_CLI_TOKEN, which is not set/);
  });

  it('with a token Telegram refuses stops with the status and without the token', async () => {
    setChannels([telegram()]);
    const wrong = '55555:AAWrongWrongWrongWrongWrongWrong';
    const r = await runCliAsync(['telegram'], { ...env, OT_TG_CLI_TOKEN: wrong });
    expect(r.code).toBe(TELEGRAM_CONFIG_EXIT);
    expect(r.stderr).toMatch(/Telegram answered 401 Unauthorized \(check the token in \$OT_TG_CLI_TOKEN\)/);
    expect(`${r.stdout}${r.stderr}`.includes(wrong)).toBe(false);
  });

  it('answers the configured chat from the database and stops cleanly on SIGTERM', async () => {
    setChannels([telegram()]);
    const child = spawn(process.execPath, [CLI, 'telegram'], {
      env: childEnv({ ...env, OT_TG_CLI_TOKEN: FAKE_BOT_TOKEN }),
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 60_000;
      while (!out.includes('control bot @opentrade_test_bot answers 1 chat(s)')) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`the bot did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      fake.pushMessage(4242, '/sessions');
      const reply = await fake.waitForMessage(4242, () => true, 30_000);
      // The stack's database answered: a list, or that none runs.
      expect(reply.text).toMatch(/^(no session is running|\d+ running:)/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out.includes(FAKE_BOT_TOKEN)).toBe(false);
  });
});
