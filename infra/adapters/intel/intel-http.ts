// The one HTTP path of every intelligence provider: a timeout per request, requests spaced to the
// provider's rate limit, a 429 answered by waiting what Retry-After asks (when that is short) and
// asking again, and every failure a ProviderError with the URL's key redacted.
import { ProviderError, redactText, redactUrl } from './provider-error';

export interface IntelHttpOptions {
  provider: string;
  timeoutMs: number;
  requestsPerMinute: number;
  /** Longest Retry-After waited out inside one request; a longer one fails it as rate_limited. */
  maxRetryAfterMs?: number;
  /** 429s waited out per request before giving up. */
  maxRetries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  userAgent?: string;
}

export interface IntelHttp {
  json(url: string, headers?: Record<string, string>): Promise<unknown>;
  text(url: string, headers?: Record<string, string>): Promise<string>;
}

/** Retry-After in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createIntelHttp(o: IntelHttpOptions): IntelHttp {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? Date.now;
  const spacingMs = 60_000 / Math.max(o.requestsPerMinute, 0.001);
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 30_000;
  const maxRetries = o.maxRetries ?? 2;
  let nextSlot = 0;

  const waitForSlot = async () => {
    const t = now();
    const at = Math.max(t, nextSlot);
    nextSlot = at + spacingMs;
    if (at > t) await sleep(at - t);
  };

  const get = async (url: string, headers: Record<string, string>, accept: string): Promise<string> => {
    const shown = redactUrl(url);
    for (let attempt = 0; ; attempt++) {
      await waitForSlot();
      let res: Response;
      try {
        res = await doFetch(url, {
          headers: { accept, 'user-agent': o.userAgent ?? 'opentrade-intel', ...headers },
          signal: AbortSignal.timeout(o.timeoutMs),
          redirect: 'follow',
        });
      } catch (e) {
        const err = e as Error;
        if (err.name === 'TimeoutError' || err.name === 'AbortError')
          throw new ProviderError(o.provider, 'timeout', `no answer from ${shown} within ${o.timeoutMs} ms`);
        throw new ProviderError(o.provider, 'network', `cannot reach ${shown}: ${err.message}`, { cause: e });
      }
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers.get('retry-after'), now());
        await res.body?.cancel();
        if (wait !== undefined && wait <= maxRetryAfterMs && attempt < maxRetries) {
          // Honour the provider's own pacing before asking again, and keep later requests behind it.
          nextSlot = Math.max(nextSlot, now() + wait);
          continue;
        }
        throw new ProviderError(
          o.provider,
          'rate_limited',
          `${shown} answered 429${wait !== undefined ? ` (retry after ${Math.ceil(wait / 1000)} s)` : ''}`,
          { status: 429, retryAfterMs: wait },
        );
      }
      let body: string;
      try {
        body = await res.text();
      } catch (e) {
        const err = e as Error;
        const kind = err.name === 'TimeoutError' || err.name === 'AbortError' ? 'timeout' : 'network';
        throw new ProviderError(o.provider, kind, `reading ${shown} failed: ${err.message}`, { cause: e });
      }
      if (!res.ok)
        throw new ProviderError(
          o.provider,
          'http',
          `${shown} answered HTTP ${res.status}: ${redactText(body.slice(0, 200))}`,
          {
            status: res.status,
          },
        );
      return body;
    }
  };

  return {
    async json(url, headers = {}) {
      const body = await get(url, headers, 'application/json');
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new ProviderError(
          o.provider,
          'malformed',
          `${redactUrl(url)} answered something that is not JSON: ${redactText(body.slice(0, 120))}`,
        );
      }
    },
    text: (url, headers = {}) => get(url, headers, '*/*'),
  };
}
