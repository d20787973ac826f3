import type { ErrorBody, FieldIssue } from './gateway-types';

/** A failed gateway call, carrying the gateway's own {code, message, issues} when it sent them. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
}

function isErrorBody(v: unknown): v is ErrorBody {
  const e = (v as ErrorBody | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

/** A fetch wrapper for /api/v1 that turns every failure into a GatewayError a page can show. */
export function createApiClient(baseUrl: string, token: string, onUnauthorized?: () => void): ApiClient {
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ): Promise<T> => {
    const url = new URL(`/api/v1${path}`, baseUrl);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new GatewayError(0, 'network', `cannot reach the gateway at ${baseUrl} (${(e as Error).message})`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new GatewayError(
        res.status,
        'invalid_response',
        `the gateway answered HTTP ${res.status} without JSON${text ? `: ${text.slice(0, 200)}` : ''}`,
      );
    }
    if (!res.ok) {
      if (res.status === 401) onUnauthorized?.();
      if (isErrorBody(parsed))
        throw new GatewayError(res.status, parsed.error.code, parsed.error.message, parsed.error.issues ?? []);
      throw new GatewayError(res.status, 'http_error', `the gateway answered HTTP ${res.status}`);
    }
    return parsed as T;
  };
  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    del: (path) => request('DELETE', path),
  };
}

export function wsUrlOf(gatewayUrl: string): string {
  return gatewayUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + '/ws';
}
