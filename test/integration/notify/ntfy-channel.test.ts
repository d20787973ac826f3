// The ntfy channel through real fetch against a fake ntfy server: the JSON publish and its priority
// mapping, the image as a PUT attachment, token auth, verify's read-only checks, and failures as
// retryable or not, none quoting the token.
import { ChannelConfigError, ChannelError } from '../../../core/notify/channel';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import { createNtfyChannel, type NtfyChannelConfig } from '../../../infra/adapters/notify/ntfy-channel';
import { channelMessage, closedPort, failure, TINY_PNG, withImage } from '../../fixtures/notify/channel-test-kit';
import { startNtfyFixture, type NtfyFixture } from '../../fixtures/notify/ntfy-fixture';

const TOKEN = 'tk_canary0ntfy0token0d4c8e1f7a2b9';
const env = { NTFY_TOKEN: TOKEN };

let ntfy: NtfyFixture;
beforeAll(async () => {
  ntfy = await startNtfyFixture({ token: TOKEN });
});
afterAll(() => ntfy.close());
beforeEach(() => ntfy.clear());

const config = (o: Record<string, unknown> = {}) =>
  NotificationChannelSchema.parse({
    type: 'ntfy',
    url: ntfy.url,
    topic: 'opentrade-test',
    tokenEnv: 'NTFY_TOKEN',
    timeoutMs: 300,
    ...o,
  }) as NtfyChannelConfig;
const channel = (o: Record<string, unknown> = {}, e: Record<string, string | undefined> = env) =>
  createNtfyChannel(config(o), e);

it('publishes JSON to the server root with the token, and returns ntfy’s message id', async () => {
  const result = await channel().send(channelMessage());
  const [p] = ntfy.published();
  expect(p).toMatchObject({
    via: 'json',
    topic: 'opentrade-test',
    title: 'BTC/USDT closed +2.40%',
    message: 'Sold 0.01 BTC at 98,500.00\nreason: take_profit — P&L +23.60 USDT',
    priority: 3,
    tags: ['exit_fill', 'BTC/USDT'],
  });
  expect(result.id).toBe(p.id);
  const [req] = ntfy.requests();
  expect(req).toMatchObject({ method: 'POST', path: '/' });
  expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
});

it.each([
  ['silent', 'exit_fill', 2],
  ['on', 'exit_fill', 3],
  ['on', 'exception', 4],
  ['on', 'protection', 4],
  // Silent is what the user asked for, whatever the event.
  ['silent', 'exception', 2],
] as const)('level %s on %s is ntfy priority %d', async (level, event, priority) => {
  await channel().send(channelMessage({ level, event }));
  expect(ntfy.published()[0].priority).toBe(priority);
});

it('sends an image as a PUT attachment with the message, newlines and non-ASCII intact, in headers', async () => {
  const m = withImage({ level: 'silent' });
  const result = await channel().send(m);
  const [p] = ntfy.published();
  expect(ntfy.requests()[0]).toMatchObject({ method: 'PUT', path: '/opentrade-test' });
  expect(p).toMatchObject({ via: 'put', title: m.title, message: m.text, priority: 2 });
  expect(p.attachment?.filename).toBe('equity.png');
  expect(Buffer.compare(p.attachment!.data, Buffer.from(TINY_PNG))).toBe(0);
  expect(result.id).toBe(p.id);
});

it.each([
  ['a 500', { status: 500, body: { code: 50001, http: 500, error: 'internal server error' } }],
  ['an answer slower than the timeout', { delayMs: 1000 }],
  ['a dropped connection', { drop: true as const }],
] as const)('%s is a retryable ChannelError', async (_what, fault) => {
  ntfy.setFault(fault);
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(true);
  expect(e.message).not.toContain(TOKEN);
});

it('a timeout fails within the channel’s timeoutMs', async () => {
  ntfy.setFault({ delayMs: 1000 });
  const started = Date.now();
  const e = await failure<ChannelError>(channel({ timeoutMs: 200 }).send(channelMessage()));
  expect(e.message).toContain('timed out after 200 ms');
  expect(Date.now() - started).toBeLessThan(800);
});

it('a refused connection is retryable', async () => {
  const e = await failure<ChannelError>(
    channel({ url: `http://127.0.0.1:${await closedPort()}` }).send(channelMessage()),
  );
  expect(e.retryable).toBe(true);
});

it('the caller’s abort signal ends the send', async () => {
  ntfy.setFault({ delayMs: 1000 });
  const e = await failure<ChannelError>(channel({ timeoutMs: 5000 }).send(channelMessage(), AbortSignal.timeout(100)));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.message).toContain('aborted');
});

it('a refused token is a 401 that retrying cannot fix, and the message does not quote the token', async () => {
  const e = await failure<ChannelError>(channel({}, { NTFY_TOKEN: 'tk_wrong0token0canary0zz' }).send(channelMessage()));
  expect(e.retryable).toBe(false);
  expect(e.details.status).toBe(401);
  expect(e.message).toContain('unauthorized');
  expect(e.message).not.toContain('tk_wrong0token0canary0zz');
});

it('a server error echoing the token has it redacted', async () => {
  ntfy.setFault({ status: 400, body: `bad header Authorization: Bearer ${TOKEN}` });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(false);
  expect(e.message).not.toContain(TOKEN);
  expect(e.message).toContain('[redacted]');
});

it('a 429 is retryable with Retry-After as retryAfterMs', async () => {
  ntfy.setFault({
    status: 429,
    body: { code: 42901, http: 429, error: 'limit reached' },
    headers: { 'retry-after': '3' },
  });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(true);
  expect(e.details).toEqual({ status: 429, retryAfterMs: 3000 });
});

it('a tokenEnv naming an unset variable is a ChannelConfigError at creation', () => {
  let e: unknown;
  try {
    channel({ name: 'phone' }, {});
  } catch (err) {
    e = err;
  }
  expect(e).toBeInstanceOf(ChannelConfigError);
  expect(e).toMatchObject({ channel: 'phone', field: 'tokenEnv' });
  expect((e as Error).message).toContain('$NTFY_TOKEN');
});

describe('verify', () => {
  it('checks /v1/health and the token on /<topic>/auth, publishing nothing', async () => {
    await channel().verify();
    expect(ntfy.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/health', 'GET /opentrade-test/auth']);
    expect(ntfy.published()).toEqual([]);
  });

  it('a refused token fails, not retryable', async () => {
    const e = await failure<ChannelError>(channel({}, { NTFY_TOKEN: 'tk_bad0canary0token0q' }).verify());
    expect(e.retryable).toBe(false);
    expect(e.details.status).toBe(401);
    expect(e.message).not.toContain('tk_bad0canary0token0q');
  });

  it('a server older than /v1/health still verifies', async () => {
    ntfy.setHealthMissing(true);
    await expect(channel().verify()).resolves.toBeUndefined();
  });

  it('an unreachable server fails retryable', async () => {
    const e = await failure<ChannelError>(channel({ url: `http://127.0.0.1:${await closedPort()}` }).verify());
    expect(e.retryable).toBe(true);
  });
});
