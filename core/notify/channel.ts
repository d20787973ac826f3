// The contract every notification channel implements (Telegram, e-mail, ntfy push, webhook, Discord,
// log). A channel is built from its config and the environment (secrets by env var name only) and
// knows nothing of events, levels or retries: delivery decides those, the channel sends one message.
import type { DeliveryLevel } from './events';
import type { Notification } from './notification';

export const CHANNEL_TYPES = ['log', 'telegram', 'email', 'ntfy', 'webhook', 'discord'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface ChannelMessage extends Notification {
  /** `silent`: delivered without a sound / at low priority, where the channel can say so. */
  level: Exclude<DeliveryLevel, 'off'>;
  /** A PNG to attach (the daily summary's equity chart); channels without images ignore it. */
  image?: { png: Uint8Array; filename: string };
}

export interface SendResult {
  /** The channel's own id of what it sent (Telegram message id, SMTP message id...), when it gives one. */
  id?: string;
}

export interface NotificationChannel {
  /** The channel's name in the config (unique; defaults to its type). */
  readonly name: string;
  readonly type: ChannelType;
  /** Sends one message, within the channel's timeout; a failure throws a ChannelError. */
  send(message: ChannelMessage, signal?: AbortSignal): Promise<SendResult>;
  /** Checks the channel can send (credentials accepted, server reachable) without sending anything. */
  verify(): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Why a channel could not send. `retryable`: the same message may succeed later (network, timeout,
 * 5xx, 429); otherwise retrying cannot help (refused credentials, an unknown chat, a 4xx).
 */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    readonly channel: string,
    message: string,
    readonly retryable: boolean,
    readonly details: { status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`${channel}: ${message}`, options);
  }
}

/** A channel whose config cannot work (a missing env var, a malformed chat id): named field, never retried. */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
  constructor(
    readonly channel: string,
    readonly field: string,
    message: string,
  ) {
    super(`notifications channel "${channel}": ${field} ${message}`);
  }
}
