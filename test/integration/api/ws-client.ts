import WebSocket from 'ws';

export type WsOutcome = { opened: true; socket: WebSocket } | { opened: false; status: number; body: string };

/** Opens a WebSocket and reports either the socket or the HTTP answer that refused the upgrade. */
export function connectWs(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (err) => reject(err));
  });
}

/** Collects parsed JSON messages so a test can wait for the next one matching a predicate. */
export class MessageLog {
  readonly messages: Array<{ type: string; data: unknown; ts: number }> = [];
  private waiters: Array<() => void> = [];

  constructor(socket: WebSocket) {
    socket.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  async next(
    predicate: (m: { type: string; data: unknown }) => boolean,
    timeoutMs = 3000,
  ): Promise<{ type: string; data: unknown; ts: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching WebSocket message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
