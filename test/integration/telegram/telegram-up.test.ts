// `opentrade up` and the control bot: with a telegram channel set to control and its token in the
// environment, the bot runs as a supervised child and answers; without the token, up says so in one
// line and comes up without it. Services come from the integration stack (their URLs in the
// environment), so up starts only the gateway and the bot.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../infra/stack/net';
import { FAKE_BOT_TOKEN, FakeTelegramApi } from '../../fixtures/notify/telegram-bot-api';
import { CLI, childEnv, runCli } from '../cli/run-cli';

jest.setTimeout(180_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-telegram-up-'));
const env = {
  OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
  OPENTRADE_HOME: path.join(dir, '.opentrade'),
  OPENTRADE_ENV_FILE: undefined,
  OT_TG_UP_TOKEN: undefined,
};
let fake: FakeTelegramApi;

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  expect(runCli(['init', '--yes'], env).code).toBe(0);
  expect(runCli(['config', 'set', 'gateway.port', String(await freePort())], env).code).toBe(0);
  const channels = [{ type: 'telegram', botTokenEnv: 'OT_TG_UP_TOKEN', chatIds: [4242], apiRoot: fake.url }];
  expect(runCli(['config', 'set', 'notifications', JSON.stringify(channels)], env).code).toBe(0);
});
afterAll(async () => {
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Up {
  proc: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

function startUp(extra: NodeJS.ProcessEnv): Promise<Up> {
  const proc = spawn(process.execPath, [CLI, 'up', '--no-web', '--no-worker'], { env: childEnv({ ...env, ...extra }) });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const up: Up = {
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearInterval(timer);
        resolve(up);
      } else if (proc.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`up exited with ${proc.exitCode} before it was up:\n${out}`));
      }
    }, 100);
  });
}

describe('opentrade up with a telegram control channel', () => {
  it('without the token says so in one line and comes up without the bot', async () => {
    const up = await startUp({});
    try {
      const lines = up.output().split('\n');
      expect(lines.filter((l) => l.includes('telegram control bot not started'))).toEqual([
        '[up] telegram control bot not started: notifications channel "telegram": botTokenEnv names $OT_TG_UP_TOKEN, which is not set',
      ]);
      expect(up.output()).not.toContain('  telegram     control bot');
      expect(fake.calls('getMe')).toHaveLength(0);
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });

  it('with the token runs the bot as a child that answers, and stops it with the rest', async () => {
    const up = await startUp({ OT_TG_UP_TOKEN: FAKE_BOT_TOKEN });
    try {
      expect(up.output()).toContain('  telegram     control bot (1 channel(s))');
      // The child polls once it has started: a command is answered.
      const before = fake.sent(4242).length;
      fake.pushMessage(4242, '/help');
      const reply = await fake.waitForMessage(4242, () => true, 60_000, before);
      expect(reply.text).toMatch(/^OpenTrade commands/);
    } finally {
      expect(await up.stop()).toBe(0);
    }
    expect(up.output().includes(FAKE_BOT_TOKEN)).toBe(false);
  });
});
