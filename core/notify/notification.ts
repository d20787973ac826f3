// One thing worth telling a trader, as it travels from where it happened to each channel: plain
// data only (it is a workflow argument and so part of Temporal history: never a secret, never an image).
import type { NotificationEvent } from './events';

export interface Notification {
  /**
   * The event's idempotency key: at most one message per key per channel, however often it is
   * published (a retried activity, a replayed cycle). Letters, digits and `._:-` only.
   */
  key: string;
  event: NotificationEvent;
  /** UTC ms when it happened (the candle close for a cycle's events). */
  at: number;
  /** One line: what a phone shows in its notification. */
  title: string;
  /** The message body, plain text, a few lines. */
  text: string;
  /** The same facts structured, for webhooks and templates. */
  fields: Record<string, string | number | boolean | null>;
  sessionId?: string;
  symbol?: string;
  /** An equity chart the channels that take images attach, rendered when it is sent. */
  chart?: { sessionId?: string; fromMs: number; toMs: number };
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** The key as it must be; throws naming what is wrong (a key is a workflow id and a database key). */
export function checkNotificationKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`notification key ${JSON.stringify(key)} must be 1-200 of A-Z a-z 0-9 . _ : -`);
  return key;
}
