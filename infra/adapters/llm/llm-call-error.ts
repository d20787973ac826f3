// The single place where the openai SDK's error classes become our LlmCallError kinds. The SDK
// retries nothing (maxRetries 0): Temporal's activity retry policy does, and it reads `retryable`
// and `retryAfterMs` from here. Order matters: APIConnectionTimeoutError extends APIConnectionError.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'openai';
import { redactSecrets } from '../../../core/security/redact-secrets';

export type LlmCallErrorKind = 'rate_limited' | 'server' | 'timeout' | 'connection' | 'rejected' | 'auth' | 'not_found';

const RETRYABLE: Record<LlmCallErrorKind, boolean> = {
  rate_limited: true,
  server: true,
  timeout: true,
  connection: true,
  rejected: false,
  auth: false,
  not_found: false,
};

export class LlmCallError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: LlmCallErrorKind,
    message: string,
    readonly status?: number,
    /** What the server asked us to wait (Retry-After / retry-after-ms) before the next attempt. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmCallError';
    this.retryable = RETRYABLE[kind];
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

const TABLE: [ErrorClass, LlmCallErrorKind][] = [
  [APIConnectionTimeoutError, 'timeout'],
  [APIConnectionError, 'connection'],
  [RateLimitError, 'rate_limited'],
  [InternalServerError, 'server'],
  [AuthenticationError, 'auth'],
  [PermissionDeniedError, 'auth'],
  [NotFoundError, 'not_found'],
  [BadRequestError, 'rejected'],
  [UnprocessableEntityError, 'rejected'],
];

/** Retry-After in seconds or as an HTTP date; OpenAI's retry-after-ms is finer and wins. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function kindOf(error: APIError): LlmCallErrorKind {
  const entry = TABLE.find(([cls]) => error instanceof cls);
  if (entry) return entry[1];
  // Statuses the SDK has no class for (408, 409, 425, other 4xx) and 5xx from proxies.
  const status = error.status ?? 0;
  if (status === 408) return 'timeout';
  if (status === 409 || status >= 500) return 'server';
  return 'rejected';
}

/**
 * `secrets`: the API key, scrubbed from the message whatever the server echoed back. A caller's
 * abort is no failure of the call, and anything that is not the SDK's API error is a defect here,
 * not a model's: both are returned unchanged.
 */
export function toLlmCallError(error: unknown, what: string, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof APIError) || error instanceof APIUserAbortError) return error;
  const kind = kindOf(error);
  const message = redactSecrets(`${what}: ${error.message || error.constructor.name}`, secrets);
  const wait = kind === 'rate_limited' || kind === 'server' ? retryAfterMs(error.headers) : undefined;
  return new LlmCallError(kind, message, error.status, wait);
}
