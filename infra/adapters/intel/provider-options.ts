// What every provider factory takes besides its own URLs: the request timeout and, in tests, the
// clock's sleep. Each provider builds its own IntelHttp with its own rate limit.

export interface ProviderOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}
