// Why a provider request failed, typed once: the sync records the kind and retries on its schedule;
// nothing here ever fails a trading cycle.

export type ProviderFailureKind = 'timeout' | 'rate_limited' | 'http' | 'malformed' | 'network';

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderFailureKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${provider}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProviderError';
  }
}

/** Query parameters that carry keys; their values never reach a message or a log. */
const SECRET_PARAMS = ['api_key', 'apikey', 'key', 'token'];

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return u.toString();
  } catch {
    return url.replace(/(api_?key|key|token)=[^&]*/gi, '$1=***');
  }
}

/** A provider's own text (an error body) quoted in a message, with key-like parameters blanked. */
export function redactText(text: string): string {
  return text.replace(/(api_?key|apikey|key|token)=[^&\s"']*/gi, '$1=***');
}
