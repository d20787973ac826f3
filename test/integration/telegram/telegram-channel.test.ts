// The Telegram channel drives real grammY against the fake Bot API: what each chat receives, how
// each failure is classed for the delivery layer's retries, and that the bot token never shows.
import { ChannelConfigError, ChannelError, type ChannelMessage } from '../../../core/notify/channel';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import { createTelegramChannel, type TelegramChannelConfig } from '../../../infra/adapters/notify/telegram-channel';
import { FAKE_BOT_TOKEN, FakeTelegramApi } from '../../fixtures/notify/telegram-bot-api';

let fake: FakeTelegramApi;
beforeEach(async () => {
  fake = await new FakeTelegramApi().start();
});
afterEach(async () => {
  await fake.stop();
});

const env = { OT_TG_TOKEN: FAKE_BOT_TOKEN };
const config = (over: Record<string, unknown> = {}) =>
  NotificationChannelSchema.parse({
    type: 'telegram',
    botTokenEnv: 'OT_TG_TOKEN',
    chatIds: [111],
    apiRoot: fake.url,
    ...over,
  }) as TelegramChannelConfig;

let n = 0;
const message = (over: Partial<ChannelMessage> = {}): ChannelMessage => ({
  key: `test:${++n}`,
  event: 'entry',
  at: Date.now(),
  title: 'BUY BTC/USDT <paper>',
  text: 'size 0.01 @ 100 & rising',
  fields: {},
  level: 'on',
  ...over,
});

async function failure(p: Promise<unknown>): Promise<ChannelError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(e)}`);
  return e;
}

describe('the Telegram channel', () => {
  it('sends the title in bold and the escaped body to every chat, with a sound', async () => {
    const ch = createTelegramChannel(config({ chatIds: [111, '-1001234567890'] }), env);
    const r = await ch.send(message());
    const sent = fake.sent();
    // One message per configured chat, chat ids as strings whatever their config type.
    expect(sent.map((m) => m.chatId)).toEqual(['111', '-1001234567890']);
    for (const m of sent) {
      expect(m).toMatchObject({
        method: 'sendMessage',
        parseMode: 'HTML',
        text: '<b>BUY BTC/USDT &lt;paper&gt;</b>\nsize 0.01 @ 100 &amp; rising',
        disableNotification: false,
      });
    }
    expect(r.id).toBe(sent.map((m) => `${m.chatId}:${m.messageId}`).join(','));
  });

  it('sends a silent message without notification', async () => {
    await createTelegramChannel(config(), env).send(message({ level: 'silent' }));
    expect(fake.sent()[0].disableNotification).toBe(true);
  });

  it('sends an image as a photo with the title as caption', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    await createTelegramChannel(config(), env).send(message({ image: { png, filename: 'equity.png' } }));
    const [m] = fake.sent();
    expect(m).toMatchObject({ method: 'sendPhoto', photo: { bytes: png.length, filename: 'equity.png' } });
    expect(m.caption?.startsWith('<b>BUY BTC/USDT &lt;paper&gt;</b>')).toBe(true);
  });

  it('cuts a body longer than Telegram allows, keeping the markup whole', async () => {
    await createTelegramChannel(config(), env).send(message({ text: 'a&b '.repeat(3000) }));
    const text = fake.sent()[0].text!;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.endsWith('…')).toBe(true);
    // No entity cut in half at the end.
    expect(/&[a-z]*…$/.test(text)).toBe(false);
  });

  it('a 429 is retryable after the retry_after Telegram gives', async () => {
    fake.fault('sendMessage', { status: 429, retryAfter: 7, times: 1 });
    const e = await failure(createTelegramChannel(config(), env).send(message()));
    expect(e).toMatchObject({ retryable: true, details: { status: 429, retryAfterMs: 7000 } });
  });

  it.each([
    [500, true],
    [502, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
  ])('a %d answer is retryable: %s', async (status, retryable) => {
    fake.fault('sendMessage', { status, times: 1 });
    const e = await failure(createTelegramChannel(config(), env).send(message()));
    expect(e.retryable).toBe(retryable);
    expect(e.details.status).toBe(status);
  });

  it('a wrong token is a 401 from the server, not retryable, and no message carries either token', async () => {
    const wrong = '987654321:AAWrongTokenWrongTokenWrongToken_xyz';
    const ch = createTelegramChannel(config(), { OT_TG_TOKEN: wrong });
    const e = await failure(ch.send(message()));
    expect(e).toMatchObject({ retryable: false, details: { status: 401 } });
    const v = await failure(ch.verify());
    expect(v.details.status).toBe(401);
    for (const err of [e, v]) {
      const shown = `${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${String(err.cause)}`;
      expect(shown.includes(wrong)).toBe(false);
      expect(shown.includes(encodeURIComponent(wrong))).toBe(false);
    }
  });

  it('a server error that echoes the token (a proxy quoting the URL) is redacted', async () => {
    fake.fault('sendMessage', {
      status: 400,
      description: `Bad Request: no route for ${fake.url}/bot${FAKE_BOT_TOKEN}/sendMessage (${encodeURIComponent(FAKE_BOT_TOKEN)})`,
      times: 1,
    });
    const e = await failure(createTelegramChannel(config(), env).send(message()));
    expect(e.message).toMatch(/no route for/);
    expect(e.message.includes(FAKE_BOT_TOKEN)).toBe(false);
    expect(e.message.includes(encodeURIComponent(FAKE_BOT_TOKEN))).toBe(false);
  });

  it('a dropped connection and an unreachable server are retryable network failures without the token', async () => {
    fake.fault('sendMessage', { drop: true, times: 1 });
    const dropped = await failure(createTelegramChannel(config(), env).send(message()));
    expect(dropped.retryable).toBe(true);
    const url = fake.url;
    await fake.stop();
    const down = await failure(createTelegramChannel(config({ apiRoot: url }), env).send(message()));
    expect(down.retryable).toBe(true);
    for (const err of [dropped, down]) expect(`${err.message}${err.stack}`.includes(FAKE_BOT_TOKEN)).toBe(false);
    // The next test's afterEach stops it again: give it a server to stop.
    fake = await new FakeTelegramApi().start();
  });

  it('a server slower than timeoutMs fails retryably within about that time', async () => {
    fake.fault('sendMessage', { delayMs: 3000, times: 1 });
    const started = Date.now();
    const e = await failure(createTelegramChannel(config({ timeoutMs: 300 }), env).send(message()));
    expect(e.retryable).toBe(true);
    // Well before the server would have answered.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a send that reached one chat and not another retries only the missing chat', async () => {
    const ch = createTelegramChannel(config({ chatIds: [111, 222] }), env);
    fake.fault('sendMessage', { status: 502, chatId: '222', times: 1 });
    const m = message();
    const e = await failure(ch.send(m));
    // Retryable: chat 222 may get it later; the message names the chat that failed.
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/chat 222/);
    await ch.send(m);
    // 111 got it once, 222 once (on the retry).
    expect(fake.sent().map((s) => s.chatId)).toEqual(['111', '222']);
  });

  it('verify() asks getMe and sends nothing', async () => {
    await createTelegramChannel(config(), env).verify();
    expect(fake.calls('getMe')).toHaveLength(1);
    expect(fake.sent()).toHaveLength(0);
  });

  it('a missing token env var is a config error naming botTokenEnv', () => {
    let err: unknown;
    try {
      createTelegramChannel(config(), {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChannelConfigError);
    expect((err as ChannelConfigError).field).toBe('botTokenEnv');
    expect((err as Error).message).toMatch(/OT_TG_TOKEN/);
  });
});
