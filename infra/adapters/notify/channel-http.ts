// The one HTTP exchange of the fetch-based channels (ntfy, webhook, Discord): the channel's timeout
// combined with the caller's signal over the whole exchange (body included), and every failure as a
// ChannelError a retry policy can act on: network, timeout, 5xx and 429 may succeed later, other 4xx
// cannot. Messages name the request as the channel describes it, never by a URL that carries a token.
import { ChannelError } from '../../../core/notify/channel';

export interface ChannelRequest {
  channel: string;
  /** How messages name the request, e.g. `POST webhook`. */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal;
  redact: (text: string) => string;
  /** A 429's wait when the body says it (Discord's retry_after), tried before the Retry-After header. */
  retryAfterFromBody?: (body: string) => number | undefined;
}

export interface ChannelResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Retry-After in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** What went wrong below HTTP: undici puts the useful part (ECONNREFUSED, a reset) in the cause. */
function networkReason(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return [err.message ?? String(e), cause].filter(Boolean).join(': ');
}

/** A few lines of an error body are worth quoting; a whole HTML error page is not. */
const snippet = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t ? `: ${t.length > 200 ? `${t.slice(0, 200)}…` : t}` : '';
};

/** Sends one request; a 2xx is returned with its body read, anything else throws a ChannelError. */
export async function channelFetch(url: string, init: RequestInit, r: ChannelRequest): Promise<ChannelResponse> {
  const timeout = AbortSignal.timeout(r.timeoutMs);
  const signal = r.signal ? AbortSignal.any([timeout, r.signal]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal });
    text = await res.text();
  } catch (e) {
    // Checked before the caller's signal: a timeout is ours to report even if both fired.
    if (timeout.aborted) throw new ChannelError(r.channel, `${r.what} timed out after ${r.timeoutMs} ms`, true);
    if (r.signal?.aborted) throw new ChannelError(r.channel, `${r.what} was aborted before it completed`, true);
    throw new ChannelError(r.channel, r.redact(`${r.what} failed: ${networkReason(e)}`), true);
  }
  if (res.ok) return { status: res.status, headers: res.headers, text };

  const status = res.status;
  const quoted = r.redact(`${r.what} answered ${status}${snippet(text)}`);
  if (status === 429) {
    const retryAfterMs = r.retryAfterFromBody?.(text) ?? parseRetryAfter(res.headers.get('retry-after'));
    const details = retryAfterMs === undefined ? { status } : { status, retryAfterMs };
    throw new ChannelError(r.channel, quoted, true, details);
  }
  // 408 is the server giving up waiting for us: as transient as a 5xx.
  throw new ChannelError(r.channel, quoted, status >= 500 || status === 408, { status });
}

/** The `id` of a JSON answer (ntfy's message, Discord's message), when it has one. */
export function answerId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
