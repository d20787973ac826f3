// A URL that is itself a secret (a webhook URL carries its token in the path or query): read from its
// env var, checked at creation, and never quoted, neither in the config error nor in any later message.
import { ChannelConfigError } from '../../../core/notify/channel';

/** The env var's URL, checked now; the message never quotes it (webhook URLs often carry a token). */
export function secretUrl(name: string, varName: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ChannelConfigError(name, 'urlEnv', `names $${varName}, whose value is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ChannelConfigError(name, 'urlEnv', `names $${varName}, whose value is not an http(s) URL`);
  return url;
}

/** Every part of a URL that may be the secret: the whole of it, its path and query, a password. */
export const urlSecrets = (url: URL): string[] =>
  [url.href, `${url.pathname}${url.search}`, url.password].filter((s) => s.length > 1);
