// How a channel gets its secrets and keeps them out of what it says: a secret comes from the env var
// the config names (never from the config itself), and every error message a channel builds passes
// through the redactor of the secrets it holds, since a library's or a server's message may echo one.
import { ChannelConfigError } from '../../../core/notify/channel';
import { redactSecrets } from '../../../core/security/redact-secrets';

export type Env = Record<string, string | undefined>;

/** The value of the env var named by `field`; a missing or empty one is the field's config error. */
export function readSecret(env: Env, channel: string, field: string, varName: string): string {
  const value = env[varName];
  if (value === undefined || value === '')
    throw new ChannelConfigError(channel, field, `names $${varName}, which is not set`);
  return value;
}

/**
 * The repo's redaction (URL credentials, token= parameters) plus each secret verbatim and URL-encoded
 * (how a token shows up in a quoted URL), the longest first so a secret containing another goes whole.
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => redactSecrets(text, ordered);
}
