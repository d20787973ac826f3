// The Discord channel: executes a channel webhook (POST <url>?wait=true, so Discord answers with the
// message it created and its id), JSON, or multipart with `payload_json` and `files[0]` when there is
// an image. A 429 carries Discord's own wait, `retry_after` seconds in the body.
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { ChannelConfigError, type ChannelMessage, type NotificationChannel } from '../../../core/notify/channel';
import { answerId, channelFetch, type ChannelRequest } from './channel-http';
import { readSecret, redactor, type Env } from './channel-secrets';
import { discordFilename, discordPayload } from './discord-embed';
import { secretUrl, urlSecrets } from './secret-url';

export type DiscordChannelConfig = Extract<NotificationChannelConfig, { type: 'discord' }>;

const WEBHOOK_PATH = /\/api\/(?:v\d+\/)?webhooks\/(\d+)\/([A-Za-z0-9_.-]+)\/?$/;

/** Discord's wait in seconds (fractional) → ms; the Retry-After header only has whole seconds. */
export function discordRetryAfter(body: string): number | undefined {
  try {
    const s = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof s === 'number' && s >= 0 ? Math.ceil(s * 1000) : undefined;
  } catch {
    return undefined;
  }
}

export function createDiscordChannel(cfg: DiscordChannelConfig, env: Env): NotificationChannel {
  const name = channelName(cfg);
  const raw = readSecret(env, name, 'urlEnv', cfg.urlEnv);
  const url = secretUrl(name, cfg.urlEnv, raw);
  const match = WEBHOOK_PATH.exec(url.pathname);
  if (!match)
    throw new ChannelConfigError(
      name,
      'urlEnv',
      `names $${cfg.urlEnv}, whose value is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)`,
    );
  const redact = redactor([raw, ...urlSecrets(url), match[2]]);
  const request = (what: string, signal?: AbortSignal): ChannelRequest => ({
    channel: name,
    what,
    timeoutMs: cfg.timeoutMs,
    signal,
    redact,
    retryAfterFromBody: discordRetryAfter,
  });

  async function send(m: ChannelMessage, signal?: AbortSignal) {
    const target = new URL(url);
    target.searchParams.set('wait', 'true');
    const payload = JSON.stringify(discordPayload(m, cfg.username));
    let init: RequestInit;
    if (m.image) {
      const form = new FormData();
      form.append('payload_json', payload);
      form.append(
        'files[0]',
        new Blob([Buffer.from(m.image.png)], { type: 'image/png' }),
        discordFilename(m.image.filename),
      );
      init = { method: 'POST', body: form };
    } else {
      init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload };
    }
    const res = await channelFetch(target.href, init, request('POST Discord webhook', signal));
    return { id: answerId(res.text) };
  }

  // A GET of a webhook URL returns the webhook (its name and channel) and posts nothing: a 401 or 404
  // says the token or the webhook is gone.
  async function verify() {
    await channelFetch(url.href, { method: 'GET' }, request('GET Discord webhook'));
  }

  return { name, type: 'discord', send, verify };
}
