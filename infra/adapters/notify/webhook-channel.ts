// The generic webhook channel: one JSON POST per message, the whole message (without the image) or
// the configured template filled from it. Headers let a receiver route (X-OpenTrade-Event),
// deduplicate (X-OpenTrade-Delivery: the notification key, the same on every retry of one message)
// and authenticate (X-OpenTrade-Timestamp and X-OpenTrade-Signature, see webhook-signature.ts).
import { channelName, type NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { ChannelError, type ChannelMessage, type NotificationChannel } from '../../../core/notify/channel';
import { channelFetch } from './channel-http';
import { readSecret, redactor, type Env } from './channel-secrets';
import { secretUrl, urlSecrets } from './secret-url';
import {
  fillTemplate,
  missingPlaceholder,
  TEMPLATE_PLACEHOLDERS,
  templatePlaceholders,
  templateValues,
} from './webhook-template';
import { signWebhook } from './webhook-signature';

export { verifyWebhookSignature } from './webhook-signature';

export type WebhookChannelConfig = Extract<NotificationChannelConfig, { type: 'webhook' }>;

export function createWebhookChannel(cfg: WebhookChannelConfig, env: Env): NotificationChannel {
  const name = channelName(cfg);
  const raw = readSecret(env, name, 'urlEnv', cfg.urlEnv);
  const url = secretUrl(name, cfg.urlEnv, raw);
  const secret = cfg.secretEnv ? readSecret(env, name, 'secretEnv', cfg.secretEnv) : undefined;
  const used = cfg.template ? templatePlaceholders(name, cfg.template) : undefined;
  const redact = redactor([raw, ...urlSecrets(url), secret]);

  function body(m: ChannelMessage): string {
    const { image: _image, ...message } = m;
    if (!cfg.template || !used) return JSON.stringify(message);
    const values = templateValues(m);
    const missing = missingPlaceholder(used, values);
    if (missing !== undefined)
      throw new ChannelError(
        name,
        `template placeholder {{${missing}}} is neither one of ${TEMPLATE_PLACEHOLDERS.join(', ')} nor a field of this ${m.event} message (fields: ${Object.keys(m.fields).join(', ') || 'none'})`,
        false,
      );
    return JSON.stringify(fillTemplate(cfg.template, values));
  }

  async function send(m: ChannelMessage, signal?: AbortSignal) {
    const payload = body(m);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = new Headers({ 'content-type': 'application/json' });
    for (const [k, v] of Object.entries(cfg.headers)) headers.set(k, v);
    // Set after the configured headers, so no config can forge the ones a receiver trusts.
    headers.set('x-opentrade-event', m.event);
    headers.set('x-opentrade-delivery', m.key);
    headers.set('x-opentrade-timestamp', String(timestamp));
    if (secret) headers.set('x-opentrade-signature', signWebhook(secret, timestamp, payload));
    await channelFetch(
      url.href,
      { method: 'POST', headers, body: payload },
      { channel: name, what: 'POST webhook', timeoutMs: cfg.timeoutMs, signal, redact },
    );
    // A generic receiver gives no id of its own; the delivery key already is one.
    return {};
  }

  return {
    name,
    type: 'webhook',
    send,
    // No webhook has a side-effect-free request: any POST may be acted on. The URL was checked at creation.
    verify: async () => undefined,
  };
}
