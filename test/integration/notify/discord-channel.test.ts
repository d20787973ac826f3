// The Discord channel through real fetch against a fake Discord webhook: the embed, silent as
// SUPPRESS_NOTIFICATIONS, the image as multipart files[0], the id from ?wait=true, Discord's 429
// retry_after, verify by GET, and no message quoting the webhook token.
import { ChannelConfigError, ChannelError } from '../../../core/notify/channel';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import { createDiscordChannel, type DiscordChannelConfig } from '../../../infra/adapters/notify/discord-channel';
import { channelMessage, closedPort, failure, TINY_PNG, withImage } from '../../fixtures/notify/channel-test-kit';
import { DISCORD_WEBHOOK_ID, startDiscordFixture, type DiscordFixture } from '../../fixtures/notify/discord-fixture';

const TOKEN = 'canary0discord0token0Zq8LmN3vX5-rT7_yB1';

let discord: DiscordFixture;
beforeAll(async () => {
  discord = await startDiscordFixture({ token: TOKEN });
});
afterAll(() => discord.close());
beforeEach(() => discord.clear());

const config = (o: Record<string, unknown> = {}) =>
  NotificationChannelSchema.parse({
    type: 'discord',
    urlEnv: 'DISCORD_URL',
    timeoutMs: 300,
    ...o,
  }) as DiscordChannelConfig;
const channel = (
  o: Record<string, unknown> = {},
  env: Record<string, string | undefined> = { DISCORD_URL: discord.webhookUrl },
) => createDiscordChannel(config(o), env);
const wrongToken = () => ({ DISCORD_URL: discord.webhookUrl.replace(TOKEN, 'canary0wrong0token0AbC') });

it('executes the webhook with ?wait=true and one embed, and returns the created message’s id', async () => {
  const m = channelMessage();
  const result = await channel({ username: 'Desk bot' }).send(m);
  const [p] = discord.posted();
  expect(p.wait).toBe(true);
  expect(p.multipart).toBe(false);
  expect(result.id).toBe(p.id);
  expect(p.payload.username).toBe('Desk bot');
  expect(p.payload.flags).toBeUndefined();
  // Text such as "@everyone" in a message must ping no one.
  expect(p.payload.allowed_mentions).toEqual({ parse: [] });
  const [embed] = p.payload.embeds!;
  expect(embed).toMatchObject({
    title: m.title,
    description: m.text,
    timestamp: '2026-12-04T18:00:00.000Z',
    color: expect.any(Number),
  });
  expect(embed.fields).toContainEqual({ name: 'pnlPct', value: '2.4', inline: true });
});

it('silent sets flags 4096 (SUPPRESS_NOTIFICATIONS)', async () => {
  await channel().send(channelMessage({ level: 'silent' }));
  expect(discord.posted()[0].payload.flags).toBe(4096);
});

it('an image goes as multipart: payload_json, files[0], and the embed showing it', async () => {
  const result = await channel().send(withImage({ level: 'silent' }));
  const [p] = discord.posted();
  expect(p.multipart).toBe(true);
  expect(result.id).toBe(p.id);
  expect(p.payload.flags).toBe(4096);
  expect(p.payload.embeds![0].image).toEqual({ url: 'attachment://equity.png' });
  expect(p.files).toHaveLength(1);
  expect(p.files[0]).toMatchObject({ field: 'files[0]', filename: 'equity.png', type: 'image/png' });
  expect(Buffer.compare(p.files[0].data, Buffer.from(TINY_PNG))).toBe(0);
});

it('a 429 is retryable with Discord’s retry_after (seconds, in the body) as retryAfterMs', async () => {
  discord.rateLimit(1.5, 1);
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(true);
  // 1.5 s from the body, finer than the header's whole 2 s.
  expect(e.details).toEqual({ status: 429, retryAfterMs: 1500 });
  expect(e.message).not.toContain(TOKEN);
});

it('a wrong token is Discord’s 401 50027, not retryable, and the message does not quote either token', async () => {
  const e = await failure<ChannelError>(channel({}, wrongToken()).send(channelMessage()));
  expect(e.retryable).toBe(false);
  expect(e.details.status).toBe(401);
  expect(e.message).toContain('Invalid Webhook Token');
  expect(e.message).not.toContain('canary0wrong0token0AbC');
  expect(e.message).not.toContain(TOKEN);
});

it.each([
  ['a 500', { status: 500, body: { message: '500: Internal Server Error', code: 0 } }],
  ['an answer slower than the timeout', { delayMs: 1000 }],
  ['a dropped connection', { drop: true as const }],
] as const)('%s is retryable', async (_what, fault) => {
  discord.setFault(fault);
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(true);
  expect(e.message).not.toContain(TOKEN);
});

it('a 403 (webhook in a channel it may no longer post to) is not retryable', async () => {
  discord.setFault({ status: 403, body: { message: 'Missing Permissions', code: 50013 } });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(false);
});

it('a refused connection is retryable and does not quote the token', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/api/webhooks/${DISCORD_WEBHOOK_ID}/${TOKEN}`;
  const e = await failure<ChannelError>(channel({}, { DISCORD_URL: url }).send(channelMessage()));
  expect(e.retryable).toBe(true);
  expect(e.message).not.toContain(TOKEN);
});

describe('verify', () => {
  it('GETs the webhook object and posts nothing', async () => {
    await channel().verify();
    expect(discord.requests().map((r) => r.method)).toEqual(['GET']);
    expect(discord.posted()).toEqual([]);
  });

  it('a wrong token fails, not retryable', async () => {
    const e = await failure<ChannelError>(channel({}, wrongToken()).verify());
    expect(e.retryable).toBe(false);
    expect(e.details.status).toBe(401);
  });
});

it('an unset urlEnv is a ChannelConfigError naming the field', () => {
  expect(() => channel({ name: 'desk' }, {})).toThrow(ChannelConfigError);
  expect(() => channel({ name: 'desk' }, {})).toThrow(
    'notifications channel "desk": urlEnv names $DISCORD_URL, which is not set',
  );
});

it('a URL that is not a Discord webhook is a config error that does not quote it', () => {
  let err: unknown;
  try {
    channel({}, { DISCORD_URL: `https://example.com/hooks/${TOKEN}` });
  } catch (x) {
    err = x;
  }
  expect(err).toBeInstanceOf(ChannelConfigError);
  expect(err).toMatchObject({ field: 'urlEnv' });
  expect((err as Error).message).not.toContain(TOKEN);
});
