// Gathers the status block's data from the gateway's REST API (the same contract the dashboard
// reads) and the supervisor, every few seconds, and hands each StackStatus to the console.
import { childWarnings, healthWarnings, type SessionLine, type StackStatus } from './status-block';
import type { ChildState } from '../supervisor';

export interface StatusSource {
  gatewayUrl: string;
  token: string;
  urls: [string, string][];
  children: () => ChildState[];
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

const TRADES_PAGE = 500;
const MAX_SESSIONS = 20;

interface Page<T> {
  items: T[];
}
/** A session as `GET /sessions` lists it: the block's line without its last decision. */
type ApiSession = Omit<SessionLine, 'lastDecision'>;
interface ApiDecision {
  action: string;
  symbol: string;
  candleTime: string;
}
interface ApiTrade {
  openedAt: string;
}

/** One look at the stack: never throws; what could not be read is a warning. */
export async function readStackStatus(src: StatusSource): Promise<StackStatus> {
  const now = (src.now ?? Date.now)();
  const f = src.fetch ?? fetch;
  const warnings: string[] = [];
  const get = async <T>(route: string, auth = true): Promise<{ status: number; body: T }> => {
    const res = await f(`${src.gatewayUrl}/api/v1${route}`, {
      headers: auth ? { authorization: `Bearer ${src.token}` } : {},
      signal: AbortSignal.timeout(src.timeoutMs ?? 4000),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  let sessions: SessionLine[] | undefined;
  let tradesToday: StackStatus['tradesToday'];
  try {
    const health = await get<Parameters<typeof healthWarnings>[0]>('/health', false);
    warnings.push(...healthWarnings(health.body));
    const list = await get<Page<ApiSession>>(`/sessions?limit=${MAX_SESSIONS}`);
    if (list.status !== 200) throw new Error(`GET /sessions answered ${list.status}`);
    sessions = await Promise.all(
      list.body.items.map(async (x): Promise<SessionLine> => {
        const line: SessionLine = {
          id: x.id,
          status: x.status,
          symbols: x.symbols,
          mode: x.mode,
          exchange: x.exchange,
          strategy: x.strategy,
        };
        if (x.status !== 'running' && x.status !== 'paused') return line;
        const d = await get<Page<ApiDecision>>(`/decisions?sessionId=${encodeURIComponent(x.id)}&limit=1`);
        const last = d.status === 200 ? d.body.items[0] : undefined;
        return last
          ? { ...line, lastDecision: { action: last.action, symbol: last.symbol, candleTime: last.candleTime } }
          : line;
      }),
    );
    const trades = await get<Page<ApiTrade>>(`/trades?limit=${TRADES_PAGE}`);
    if (trades.status === 200) {
      const midnight = new Date(now).setUTCHours(0, 0, 0, 0);
      const today = trades.body.items.filter((t) => Date.parse(t.openedAt) >= midnight).length;
      tradesToday = { count: today, more: today === TRADES_PAGE };
    }
  } catch (e) {
    warnings.push(`gateway ${src.gatewayUrl} not answering: ${(e as Error).message}`);
  }
  warnings.unshift(...childWarnings(src.children(), now));
  return { urls: src.urls, sessions, tradesToday, warnings, at: now };
}

/** Reads the status every intervalMs and passes it on; the returned function stops it. */
export function pollStackStatus(src: StatusSource, onStatus: (s: StackStatus) => void, intervalMs = 5000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const s = await readStackStatus(src);
    if (stopped) return;
    onStatus(s);
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
