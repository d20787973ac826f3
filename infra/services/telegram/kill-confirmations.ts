// The /kill confirmations waiting for their button: a kill flattens positions, so it goes out only
// when the chat that asked presses Confirm within a minute; a stale, foreign or replayed press is refused.
import { randomBytes } from 'node:crypto';

const TTL_MS = 60_000;

interface Pending {
  sessionId: string;
  chatId: string;
  until: number;
}

export class KillConfirmations {
  private pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A one-time id for the button's callback data (Telegram allows 64 bytes of it). */
  ask(sessionId: string, chatId: string): string {
    this.sweep();
    const nonce = randomBytes(6).toString('hex');
    this.pending.set(nonce, { sessionId, chatId, until: this.now() + TTL_MS });
    return nonce;
  }

  /** The session to kill, once: undefined for an unknown, expired or other chat's confirmation. */
  take(nonce: string, chatId: string): string | undefined {
    this.sweep();
    const p = this.pending.get(nonce);
    if (!p || p.chatId !== chatId) return undefined;
    this.pending.delete(nonce);
    return p.sessionId;
  }

  cancel(nonce: string, chatId: string): boolean {
    const p = this.pending.get(nonce);
    if (!p || p.chatId !== chatId) return false;
    return this.pending.delete(nonce);
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, p] of this.pending) if (p.until < now) this.pending.delete(k);
  }
}
