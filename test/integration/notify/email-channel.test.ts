// The e-mail channel through real nodemailer against a real SMTP server (smtp-server) with required
// AUTH and no TLS: subject, body, envelope and Message-ID, silent as the low-priority headers, the
// chart as a PNG attachment, verify without a message, and SMTP failures as retryable or not, none
// quoting the password.
import { ChannelConfigError, ChannelError } from '../../../core/notify/channel';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import { createEmailChannel, type EmailChannelConfig } from '../../../infra/adapters/notify/email-channel';
import { channelMessage, closedPort, failure, TINY_PNG, withImage } from '../../fixtures/notify/channel-test-kit';
import { startSmtpFixture, type SmtpFixture } from '../../fixtures/notify/smtp-fixture';

const USER = 'alerts@desk.test';
const PASSWORD = 'canary0smtp0password0f41b9e';
const env = { SMTP_USER: USER, SMTP_PASSWORD: PASSWORD };

let smtp: SmtpFixture;
beforeAll(async () => {
  smtp = await startSmtpFixture({ user: USER, password: PASSWORD });
});
afterAll(() => smtp.close());
beforeEach(() => smtp.clear());

const config = (o: Record<string, unknown> = {}) =>
  NotificationChannelSchema.parse({
    type: 'email',
    host: smtp.host,
    port: smtp.port,
    userEnv: 'SMTP_USER',
    passwordEnv: 'SMTP_PASSWORD',
    from: 'opentrade@desk.test',
    to: ['trader@desk.test', 'backup@desk.test'],
    timeoutMs: 500,
    ...o,
  }) as EmailChannelConfig;
const channels: { close?: () => Promise<void> }[] = [];
const channel = (o: Record<string, unknown> = {}, e: Record<string, string | undefined> = env) => {
  const c = createEmailChannel(config(o), e);
  channels.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close?.()));
});

it('logs in and sends subject, text body and envelope, returning the SMTP Message-ID', async () => {
  const m = channelMessage();
  const result = await channel().send(m);
  const [mail] = smtp.received();
  expect(mail.from).toBe('opentrade@desk.test');
  expect(mail.to).toEqual(['trader@desk.test', 'backup@desk.test']);
  expect(mail.subject).toBe('[OpenTrade] BTC/USDT closed +2.40%');
  expect(mail.text?.replace(/\r\n/g, '\n').trim()).toBe(m.text);
  expect(mail.headers['x-opentrade-event']).toBe('exit_fill');
  expect(mail.headers['message-id']).toBe(result.id);
  expect(mail.headers['x-priority']).toBeUndefined();
  expect(mail.attachments).toEqual([]);
  expect(smtp.logins()).toEqual([{ method: expect.stringMatching(/^(PLAIN|LOGIN)$/), username: USER, accepted: true }]);
});

it('the same notification key gives the same Message-ID, so a resent message deduplicates', async () => {
  const c = channel({ subjectPrefix: '[desk]' });
  const a = await c.send(channelMessage());
  const b = await c.send(channelMessage());
  const other = await c.send(channelMessage({ key: 'exit_fill:sess-1:ETH-USDT:1700000000000' }));
  expect(a.id).toBe(b.id);
  expect(other.id).not.toBe(a.id);
  expect(smtp.received()[0].subject).toBe('[desk] BTC/USDT closed +2.40%');
});

it('silent is sent at low priority: X-Priority 5 and Importance low', async () => {
  await channel().send(channelMessage({ level: 'silent' }));
  const [mail] = smtp.received();
  expect(mail.headers['x-priority']).toMatch(/^5\b/);
  expect(mail.headers.importance?.toLowerCase()).toBe('low');
});

it('the image arrives as a PNG attachment, and the HTML copy shows it inline by cid', async () => {
  await channel().send(withImage());
  const [mail] = smtp.received();
  expect(mail.attachments).toHaveLength(1);
  const [png] = mail.attachments;
  expect(png).toMatchObject({ filename: 'equity.png', contentType: 'image/png', disposition: 'attachment' });
  expect(Buffer.compare(png.data, Buffer.from(TINY_PNG))).toBe(0);
  expect(mail.html).toContain(`cid:${png.cid}`);
  expect(mail.text).toContain('Sold 0.01 BTC');
});

it('verify logs in without sending a message', async () => {
  await channel().verify();
  expect(smtp.received()).toEqual([]);
  expect(smtp.logins()).toEqual([expect.objectContaining({ accepted: true })]);
});

it.each([
  ['send', (c: ReturnType<typeof channel>) => c.send(channelMessage())],
  ['verify', (c: ReturnType<typeof channel>) => c.verify()],
])('a refused login on %s is not retryable and does not quote the password', async (_what, run) => {
  const wrong = 'canary0wrong0smtp0password0x';
  const e = await failure<ChannelError>(run(channel({}, { ...env, SMTP_PASSWORD: wrong })));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(false);
  expect(e.details.status).toBe(535);
  expect(e.message).toContain('login was refused');
  expect(e.message).not.toContain(wrong);
  expect(e.message).not.toContain(Buffer.from(wrong).toString('base64'));
  expect(smtp.received()).toEqual([]);
});

it.each([
  ['a 451 at MAIL FROM (try later) is retryable', { code: 451, at: 'mail' as const }, true, 451],
  ['a 421 at DATA (service closing) is retryable', { code: 421, at: 'data' as const }, true, 421],
  ['a 550 at DATA (refused) is not retryable', { code: 550, at: 'data' as const }, false, 550],
  ['a 554 at MAIL FROM (refused) is not retryable', { code: 554, at: 'mail' as const }, false, 554],
])('%s', async (_what, fault, retryable, status) => {
  smtp.setFault(fault);
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(retryable);
  expect(e.details.status).toBe(status);
});

it('a reply slower than the timeout is retryable, within timeoutMs', async () => {
  smtp.setFault({ delayMs: 1000 });
  const started = Date.now();
  const e = await failure<ChannelError>(channel({ timeoutMs: 300 }).send(channelMessage()));
  expect(e.retryable).toBe(true);
  expect(e.message).toContain('timed out after 300 ms');
  expect(Date.now() - started).toBeLessThan(900);
});

it('a dropped connection is retryable', async () => {
  smtp.setFault({ drop: true });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(true);
  expect(e.message).not.toContain(PASSWORD);
});

it('a refused connection is retryable, on send and on verify', async () => {
  const port = await closedPort();
  expect((await failure<ChannelError>(channel({ port }).send(channelMessage()))).retryable).toBe(true);
  expect((await failure<ChannelError>(channel({ port }).verify())).retryable).toBe(true);
});

it('the caller’s abort signal ends the send', async () => {
  smtp.setFault({ delayMs: 1000 });
  const e = await failure<ChannelError>(channel({ timeoutMs: 5000 }).send(channelMessage(), AbortSignal.timeout(100)));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.message).toContain('aborted');
});

it.each([
  ['passwordEnv', { SMTP_USER: USER }, {}, 'names $SMTP_PASSWORD, which is not set'],
  ['userEnv', { SMTP_PASSWORD: PASSWORD, SMTP_USER: '' }, {}, 'names $SMTP_USER, which is not set'],
  ['passwordEnv', env, { passwordEnv: undefined }, 'is needed with userEnv'],
])('a config whose %s cannot work is a ChannelConfigError naming it', (field, e, o, says) => {
  let err: unknown;
  try {
    channel({ name: 'mail', ...o }, e);
  } catch (x) {
    err = x;
  }
  expect(err).toBeInstanceOf(ChannelConfigError);
  expect(err).toMatchObject({ channel: 'mail', field });
  expect((err as Error).message).toContain(says);
});
