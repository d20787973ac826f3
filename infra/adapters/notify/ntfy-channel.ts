// The ntfy push channel: a JSON publish to the server root ({topic, title, message, priority, tags}),
// or, with an image, a PUT of the PNG to /<topic> with the message in headers (ntfy's attachment
// upload). The level is ntfy's priority: silent is 2 ("low": no sound, no vibration), a normal
// message 3, an exception or a protection 4 ("high": a long vibration burst).
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { ChannelError, type ChannelMessage, type NotificationChannel } from '../../../core/notify/channel';
import { answerId, channelFetch, type ChannelRequest } from './channel-http';
import { readSecret, redactor, type Env } from './channel-secrets';

export type NtfyChannelConfig = Extract<NotificationChannelConfig, { type: 'ntfy' }>;

export function ntfyPriority(m: Pick<ChannelMessage, 'level' | 'event'>): number {
  if (m.level === 'silent') return 2;
  return m.event === 'exception' || m.event === 'protection' ? 4 : 3;
}

/** ntfy shows tags that are emoji short codes as emoji and the rest as text; the event is the filter a reader wants. */
const tagsOf = (m: ChannelMessage): string[] => [m.event, ...(m.symbol ? [m.symbol] : [])];

/**
 * A header value is bytes, and fetch refuses anything beyond Latin-1; ntfy decodes RFC 2047 encoded
 * words in its headers, which carry any text, newlines and emoji included.
 */
export function ntfyHeaderText(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

export function createNtfyChannel(cfg: NtfyChannelConfig, env: Env): NotificationChannel {
  const name = channelName(cfg);
  const token = cfg.tokenEnv ? readSecret(env, name, 'tokenEnv', cfg.tokenEnv) : undefined;
  const root = cfg.url.replace(/\/+$/, '');
  const redact = redactor([token]);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const request = (what: string, signal?: AbortSignal): ChannelRequest => ({
    channel: name,
    what,
    timeoutMs: cfg.timeoutMs,
    signal,
    redact,
  });

  async function send(m: ChannelMessage, signal?: AbortSignal) {
    if (m.image) {
      const res = await channelFetch(
        `${root}/${cfg.topic}`,
        {
          method: 'PUT',
          headers: {
            ...auth,
            filename: ntfyHeaderText(m.image.filename),
            title: ntfyHeaderText(m.title),
            message: ntfyHeaderText(m.text),
            priority: String(ntfyPriority(m)),
            tags: ntfyHeaderText(tagsOf(m).join(',')),
          },
          body: m.image.png,
        },
        request(`PUT ntfy attachment to ${cfg.topic}`, signal),
      );
      return { id: answerId(res.text) };
    }
    const body = { topic: cfg.topic, title: m.title, message: m.text, priority: ntfyPriority(m), tags: tagsOf(m) };
    const res = await channelFetch(
      `${root}/`,
      { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      request(`POST ntfy publish to ${cfg.topic}`, signal),
    );
    return { id: answerId(res.text) };
  }

  /**
   * ntfy has no dry-run publish, so verify asks two read-only questions. /v1/health proves the server
   * answers (a server too old to have it answers 404, which proves the same). With a token,
   * /<topic>/auth (what ntfy's web app asks before subscribing) proves the token is accepted: a 401
   * is a refused token; a 403 is an accepted token without read access, which a publish-only ACL
   * legitimately gives, so it passes (only a publish could test write access).
   */
  async function verify() {
    try {
      const res = await channelFetch(`${root}/v1/health`, { method: 'GET' }, request('GET ntfy /v1/health'));
      const healthy = (JSON.parse(res.text) as { healthy?: unknown }).healthy;
      if (healthy !== true) throw new ChannelError(name, 'ntfy /v1/health does not report healthy', true);
    } catch (e) {
      if (!(e instanceof ChannelError)) throw new ChannelError(name, 'ntfy /v1/health did not answer JSON', true);
      if (e.details.status !== 404) throw e;
    }
    if (!token) return;
    try {
      await channelFetch(
        `${root}/${cfg.topic}/auth`,
        { method: 'GET', headers: auth },
        request(`GET ntfy /${cfg.topic}/auth`),
      );
    } catch (e) {
      if (!(e instanceof ChannelError && e.details.status === 403)) throw e;
    }
  }

  return { name, type: 'ntfy', send, verify };
}
