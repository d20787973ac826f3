// The webhook channel through real fetch against a receiver on node:http: the body (the message, or
// a filled template), the routing, delivery and signature headers checked by the receiver's own HMAC,
// and failures as retryable or not, none quoting the URL's token or the secret.
import { ChannelConfigError, ChannelError } from '../../../core/notify/channel';
import { NotificationChannelSchema } from '../../../core/config/notification-config-schema';
import {
  createWebhookChannel,
  verifyWebhookSignature,
  type WebhookChannelConfig,
} from '../../../infra/adapters/notify/webhook-channel';
import { channelMessage, closedPort, failure, withImage } from '../../fixtures/notify/channel-test-kit';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/notify/webhook-receiver';

const SECRET = 'whsec_canary0hmac0secret0a81f3';
const URL_TOKEN = 'canary0url0token0b7e52c9';

let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver({ secret: SECRET, path: `/hooks/${URL_TOKEN}` });
});
afterAll(() => hook.close());
beforeEach(() => hook.clear());

const env = () => ({ HOOK_URL: hook.url, HOOK_SECRET: SECRET });
const config = (o: Record<string, unknown> = {}) =>
  NotificationChannelSchema.parse({
    type: 'webhook',
    urlEnv: 'HOOK_URL',
    secretEnv: 'HOOK_SECRET',
    timeoutMs: 300,
    ...o,
  }) as WebhookChannelConfig;
const channel = (o: Record<string, unknown> = {}, e: Record<string, string | undefined> = env()) =>
  createWebhookChannel(config(o), e);

const noSecretIn = (e: Error) => {
  expect(e.message).not.toContain(SECRET);
  expect(e.message).not.toContain(URL_TOKEN);
};

it('posts the whole message as JSON with the event, delivery and timestamp headers', async () => {
  const m = channelMessage();
  const before = Math.floor(Date.now() / 1000);
  await channel({ headers: { 'X-Team': 'desk-7' } }).send(m);
  const [d] = hook.deliveries();
  expect(d.json).toEqual(m);
  expect(d.headers['content-type']).toBe('application/json');
  expect(d.headers['x-opentrade-event']).toBe('exit_fill');
  // The notification key: the same on every retry, so a receiver can drop the duplicate.
  expect(d.headers['x-opentrade-delivery']).toBe(m.key);
  const ts = Number(d.headers['x-opentrade-timestamp']);
  expect(ts).toBeGreaterThanOrEqual(before);
  expect(ts).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  expect(d.headers['x-team']).toBe('desk-7');
});

it('signs `${timestamp}.${body}`: the receiver’s HMAC and verifyWebhookSignature agree, a tampered body fails', async () => {
  await channel().send(channelMessage());
  const [d] = hook.deliveries();
  expect(d.signatureValid).toBe(true);
  const ts = String(d.headers['x-opentrade-timestamp']);
  const sig = String(d.headers['x-opentrade-signature']);
  expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(verifyWebhookSignature(SECRET, ts, d.rawBody, sig)).toBe(true);
  expect(verifyWebhookSignature(SECRET, ts, d.rawBody.replace('98,500', '99,500'), sig)).toBe(false);
  expect(verifyWebhookSignature(SECRET, Number(ts) + 1, d.rawBody, sig)).toBe(false);
  expect(verifyWebhookSignature('another-secret', ts, d.rawBody, sig)).toBe(false);
  expect(verifyWebhookSignature(SECRET, ts, d.rawBody, undefined)).toBe(false);
  expect(verifyWebhookSignature(SECRET, ts, d.rawBody, 'sha256=00')).toBe(false);
});

it('without secretEnv there is no signature header', async () => {
  await channel({ secretEnv: undefined }).send(channelMessage());
  expect(hook.deliveries()[0].headers['x-opentrade-signature']).toBeUndefined();
});

it('configured headers cannot replace the ones a receiver trusts', async () => {
  await channel({ headers: { 'X-OpenTrade-Event': 'startup', 'X-OpenTrade-Signature': 'sha256=forged' } }).send(
    channelMessage(),
  );
  const [d] = hook.deliveries();
  expect(d.headers['x-opentrade-event']).toBe('exit_fill');
  expect(d.signatureValid).toBe(true);
});

it('leaves the image out of the body', async () => {
  await channel().send(withImage());
  const body = hook.deliveries()[0].json as Record<string, unknown>;
  expect(body).not.toHaveProperty('image');
  expect(body.event).toBe('daily_summary');
});

it('fills a template recursively: a lone placeholder keeps the value’s type, one in text becomes text', async () => {
  const template = {
    text: '{{title}} ({{event}}, {{level}})',
    at: '{{at}}',
    pnl: '{{pnlPct}}',
    paper: '{{ paper }}',
    symbol: '{{symbol}}',
    nested: { list: ['{{key}}', 'session {{sessionId}}', 7, { body: '{{text}}' }] },
  };
  await channel({ template }).send(channelMessage({ level: 'silent', symbol: undefined }));
  expect(hook.deliveries()[0].json).toEqual({
    text: 'BTC/USDT closed +2.40% (exit_fill, silent)',
    at: '2026-12-04T18:00:00.000Z',
    pnl: 2.4,
    paper: true,
    // No symbol on the message: a lone placeholder is null, not the text "undefined".
    symbol: null,
    nested: {
      list: [
        'exit_fill:sess-1:BTC-USDT:1700000000000',
        'session sess-1',
        7,
        { body: 'Sold 0.01 BTC at 98,500.00\nreason: take_profit — P&L +23.60 USDT' },
      ],
    },
  });
});

it('a placeholder that is no field of the message fails the send, not retryable, and posts nothing', async () => {
  const e = await failure<ChannelError>(channel({ template: { x: '{{pnl_pct}}' } }).send(channelMessage()));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(false);
  expect(e.message).toContain('{{pnl_pct}}');
  expect(hook.requests()).toEqual([]);
});

it.each([
  ['{{ti tle}}', 'malformed placeholder'],
  ['{{title', 'unclosed placeholder'],
])('a template with %s is a ChannelConfigError at creation', (bad, says) => {
  let e: unknown;
  try {
    channel({ template: { a: { b: [bad] } } });
  } catch (err) {
    e = err;
  }
  expect(e).toBeInstanceOf(ChannelConfigError);
  expect(e).toMatchObject({ field: 'template' });
  expect((e as Error).message).toContain(says);
});

it.each([
  ['a 500', { status: 500, body: 'upstream broke' }],
  ['a 503', { status: 503 }],
  ['an answer slower than the timeout', { delayMs: 1000 }],
  ['a dropped connection', { drop: true as const }],
] as const)('%s is retryable', async (_what, fault) => {
  hook.setFault(fault);
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e).toBeInstanceOf(ChannelError);
  expect(e.retryable).toBe(true);
  noSecretIn(e);
});

it.each([
  [400, 'bad request'],
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'no such hook'],
])('a %d is not retryable', async (status, body) => {
  hook.setFault({ status, body });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(false);
  expect(e.details.status).toBe(status);
  expect(e.message).toContain(body);
});

it('a 429 is retryable with Retry-After as retryAfterMs (seconds or an HTTP date)', async () => {
  hook.setFault({ status: 429, headers: { 'retry-after': '7' }, times: 1 });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  expect(e.retryable).toBe(true);
  expect(e.details).toEqual({ status: 429, retryAfterMs: 7000 });
  hook.setFault({ status: 429, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() } });
  const d = await failure<ChannelError>(channel().send(channelMessage()));
  expect(d.details.retryAfterMs).toBeGreaterThan(55_000);
  expect(d.details.retryAfterMs).toBeLessThanOrEqual(60_000);
});

it('an error body echoing the URL or the secret is redacted', async () => {
  hook.setFault({ status: 400, body: `no hook at ${hook.url} (signed with ${SECRET})` });
  const e = await failure<ChannelError>(channel().send(channelMessage()));
  noSecretIn(e);
  expect(e.message).toContain('[redacted]');
});

it('a refused connection is retryable and does not quote the URL', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/hooks/${URL_TOKEN}`;
  const e = await failure<ChannelError>(channel({}, { HOOK_URL: url, HOOK_SECRET: SECRET }).send(channelMessage()));
  expect(e.retryable).toBe(true);
  noSecretIn(e);
});

it.each([
  ['urlEnv', { HOOK_SECRET: SECRET }, '$HOOK_URL'],
  ['secretEnv', { HOOK_URL: 'http://127.0.0.1:9/x', HOOK_SECRET: '' }, '$HOOK_SECRET'],
])('an unset variable for %s is a ChannelConfigError naming it', (field, e, varName) => {
  let err: unknown;
  try {
    channel({}, e);
  } catch (x) {
    err = x;
  }
  expect(err).toBeInstanceOf(ChannelConfigError);
  expect(err).toMatchObject({ channel: 'webhook', field });
  expect((err as Error).message).toContain(varName);
});

it('a value that is not a URL is a config error that does not quote the value', () => {
  let err: unknown;
  try {
    channel({}, { HOOK_URL: `not a url ${URL_TOKEN}` });
  } catch (x) {
    err = x;
  }
  expect(err).toMatchObject({ field: 'urlEnv' });
  expect((err as Error).message).not.toContain(URL_TOKEN);
});

it('verify checks nothing over the network: any POST to a webhook may be acted on', async () => {
  await expect(channel().verify()).resolves.toBeUndefined();
  expect(hook.requests()).toEqual([]);
});
