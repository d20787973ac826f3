import type { GatewayEvent } from './gateway-types';

export type SocketState = 'connecting' | 'open' | 'closed';

interface Options {
  url: string;
  token: string;
  onEvent(event: GatewayEvent): void;
  onState(state: SocketState): void;
  /** First retry delay; doubles per failed attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** One WebSocket to the gateway that reconnects with backoff until the returned stop() is called. */
export function connectEvents({
  url,
  token,
  onEvent,
  onState,
  baseDelayMs = 500,
  maxDelayMs = 15_000,
}: Options): () => void {
  let ws: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;

  const open = () => {
    if (stopped) return;
    onState('connecting');
    ws = new WebSocket(url, ['bearer', token]);
    ws.onopen = () => {
      attempt = 0;
      onState('open');
    };
    ws.onmessage = (m) => {
      if (typeof m.data !== 'string') return;
      try {
        const event = JSON.parse(m.data) as GatewayEvent;
        if (event && typeof event.type === 'string') onEvent(event);
      } catch {
        // not an event: ignore it rather than break the feed
      }
    };
    ws.onclose = () => {
      ws = null;
      if (stopped) return;
      onState('closed');
      // Jitter keeps many tabs from reconnecting in lockstep after a gateway restart.
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt++) * (0.75 + Math.random() * 0.5);
      timer = setTimeout(open, delay);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    onState('closed');
  };
}
