// `opentrade notify test|status`, `config validate`, `config set` and `doctor` on notification
// channels, through the real CLI against local servers: a test message per channel with one line
// each saying what happened, an SMTP server refusing the login, a channel whose env var is unset, a
// malformed chat id and an unknown event name, each a clear error naming the field.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, runCliAsync } from './run-cli';
import { startSmtpFixture, type SmtpFixture } from '../../fixtures/notify/smtp-fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';

jest.setTimeout(120_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-notify-cli-'));
let hook: WebhookReceiver;
let smtp: SmtpFixture;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [hook, smtp] = await Promise.all([startWebhookReceiver(), startSmtpFixture({ user: 'bot', password: 'right-pass' })]);
  env = {
    OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
    OPENTRADE_HOME: path.join(dir, '.opentrade'),
    CLI_HOOK: hook.url,
    CLI_SMTP_USER: 'bot',
    CLI_SMTP_PASS: 'wrong-pass',
    CLI_TG_TOKEN: undefined,
  };
  expect(runCli(['init', '--yes'], env).code).toBe(0);
  const channels = [
    { type: 'webhook', name: 'hook', urlEnv: 'CLI_HOOK' },
    {
      type: 'email',
      name: 'mail',
      host: smtp.host,
      port: smtp.port,
      userEnv: 'CLI_SMTP_USER',
      passwordEnv: 'CLI_SMTP_PASS',
      from: 'bot@example.com',
      to: ['me@example.com'],
      timeoutMs: 3000,
    },
    { type: 'telegram', name: 'tg', botTokenEnv: 'CLI_TG_TOKEN', chatIds: [123456789] },
  ];
  const set = runCli(['config', 'set', 'notifications', JSON.stringify(channels)], env);
  expect(set.stderr).toBe('');
});

afterAll(async () => {
  await Promise.all([hook?.close(), smtp?.close()]);
});

test('notify test: one line per channel, what each did; a refused login and an unset env var fail the command', async () => {
  const r = await runCliAsync(['notify', 'test'], env);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe('ok   hook (webhook): sent');
  expect(lines[1]).toMatch(/^FAIL mail \(email\): .*(login|auth|535).*\(refused\)$/i);
  expect(lines[2]).toBe(
    'FAIL tg (telegram): notifications.2.botTokenEnv: notifications channel "tg": botTokenEnv names $CLI_TG_TOKEN, which is not set',
  );
  expect(r.stderr).toContain('2 of 3 channel(s) could not send');
  expect(r.code).not.toBe(0);
  // The password is in no line.
  expect(r.stdout + r.stderr).not.toContain('wrong-pass');
  expect(hook.deliveries().map((d) => (d.json as { title: string }).title)).toContain('OpenTrade test message');
  expect(smtp.logins().some((l) => l.username === 'bot' && !l.accepted)).toBe(true);
});

test('notify test --channel: only that one; an unknown name lists the channels', async () => {
  const one = await runCliAsync(['notify', 'test', '--channel', 'hook'], env);
  expect(one.stdout.trim()).toBe('ok   hook (webhook): sent');
  expect(one.code).toBe(0);
  const ok = await runCliAsync(['notify', 'test', '--channel', 'mail'], { ...env, CLI_SMTP_PASS: 'right-pass' });
  expect(ok.stdout.trim()).toMatch(/^ok {3}mail \(email\): sent/);
  expect(smtp.received().some((m) => m.subject === '[OpenTrade] OpenTrade test message')).toBe(true);
  const bad = await runCliAsync(['notify', 'test', '--channel', 'pager'], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('no notification channel named "pager"');
  expect(bad.stderr).toContain('hook, mail, tg');
});

test('config validate names the unset env var; config set refuses a malformed chat id and an unknown event', () => {
  const v = runCli(['config', 'validate'], env);
  expect(v.code).not.toBe(0);
  expect(v.stderr).toContain('notifications.2.botTokenEnv: names $CLI_TG_TOKEN, which is not set');
  expect(runCli(['config', 'validate'], { ...env, CLI_TG_TOKEN: '123:abc' }).code).toBe(0);

  const chat = runCli(['config', 'set', 'notifications.2.chatIds', '["12ab"]'], env);
  expect(chat.code).not.toBe(0);
  expect(chat.stderr).toContain('notifications.2.chatIds.0');
  const event = runCli(['config', 'set', 'notifications.0.events', '{"entyr":"on"}'], env);
  expect(event.code).not.toBe(0);
  expect(event.stderr).toMatch(/notifications\.0\.events.*entyr/);
});

test('doctor: a line per channel, the refused login and the unset variable as warnings naming what to fix', async () => {
  const r = await runCliAsync(['doctor', '--json'], env);
  const checks = (JSON.parse(r.stdout) as { checks: { name: string; status: string; detail: string; fix?: string }[] })
    .checks;
  const by = (n: string) => checks.find((c) => c.name === n);
  expect(by('notify:hook')?.status).toBe('ok');
  expect(by('notify:mail')?.status).toBe('warn');
  expect(by('notify:tg')).toMatchObject({ status: 'warn' });
  expect(by('notify:tg')?.fix).toContain('notifications.2.botTokenEnv');
});

test('notify status: the last day per channel and the newest deliveries', async () => {
  const r = await runCliAsync(['notify', 'status', '--limit', '5'], env);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^(last 24 h:|no deliveries in the last 24 h)/);
  const bad = await runCliAsync(['notify', 'status', '--limit', 'lots'], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('--limit "lots" is not a whole number');
});
