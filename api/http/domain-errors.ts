// Errors from the layers below the routes, as answers a client can act on: a UserError (the shared
// validation of sessions and backtests) is the client's fault; an unreachable Temporal or database
// is a 503 naming which, never a bare 500.
import { UserError } from '../../infra/errors';
import { ApiError, type FieldIssue } from './api-error';

/** CLI-worded validation messages start with the flag; the API names the body field instead. */
const FLAG_FIELDS: Record<string, string> = {
  strategy: 'strategy', params: 'params', exchange: 'exchange', symbol: 'symbols', timeframe: 'timeframe', mode: 'mode', speed: 'speed', cycles: 'maxCycles', 'confirm-live': 'confirmLive',
};

export function fromUserError(e: UserError, fallbackPath = ''): ApiError {
  let message = e.message;
  let path = fallbackPath;
  const flag = /--([a-z-]+)/.exec(message)?.[1];
  const fieldNames = (t: string) => t.replace(/--([a-z-]+)/g, (m, f: string) => FLAG_FIELDS[f] ?? m);
  if (flag && FLAG_FIELDS[flag]) {
    path = FLAG_FIELDS[flag];
    message = fieldNames(message);
  } else if (/^symbol "/.test(message)) path = 'symbols';
  else if (/^timeframe "/.test(message)) path = 'timeframe';
  else if (/^exchange "/.test(message)) path = 'exchange';
  else if (/^live mode/.test(message)) path = 'mode';
  const issues: FieldIssue[] = [{ path, message }];
  const status = /^live mode trades real money/.test(e.message) ? 400 : 422;
  return new ApiError(status, status === 400 ? 'confirmation_required' : 'unprocessable', `${message}${e.hint ? ` (${fieldNames(e.hint)})` : ''}`, issues);
}

const text = (e: unknown): string => {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur && i < 5; i++) {
    const o = cur as { name?: string; message?: string; code?: unknown; cause?: unknown };
    parts.push(`${o.name ?? ''} ${o.message ?? ''} ${String(o.code ?? '')}`);
    cur = o.cause;
  }
  return parts.join(' | ');
};

/** Temporal or PostgreSQL unreachable → 503; anything else → undefined (a real 500). */
export function dependencyFailure(e: unknown): ApiError | undefined {
  const t = text(e);
  if (/PrismaClientInitializationError|P1001|P1017|DatabaseNotReachable|the database system is (starting|shutting)|ECONNREFUSED.*543|Can't reach database/i.test(t)) {
    return new ApiError(503, 'unavailable', 'the database is unreachable: start the stack (`opentrade up`) or check DATABASE_URL');
  }
  if (/TransportError|ServiceError|UNAVAILABLE|Failed to connect|tcp connect error|DEADLINE_EXCEEDED/i.test(t)) {
    return new ApiError(503, 'unavailable', 'Temporal is unreachable: start the stack (`opentrade up`) or check TEMPORAL_ADDRESS');
  }
  if (/ECONNREFUSED/.test(t)) return new ApiError(503, 'unavailable', `a dependency is unreachable: ${t.match(/ECONNREFUSED[^|]*/)?.[0]?.trim()}`);
  return undefined;
}
