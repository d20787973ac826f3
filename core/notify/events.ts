// The events a notification channel can receive and how loudly: freqtrade's catalogue, each set per
// channel to `on` (a normal message), `silent` (delivered without a sound or a high priority) or `off`.
import { z } from 'zod';

export const NOTIFICATION_EVENTS = [
  'startup',
  'entry',
  'entry_fill',
  'entry_cancel',
  'exit',
  'exit_fill',
  'protection',
  'risk_veto',
  'warning',
  'exception',
  'backtest_finished',
  'evolution_promoted',
  'llm_budget',
  'daily_summary',
] as const;

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NotificationEventSchema = z.enum(NOTIFICATION_EVENTS);

export const DELIVERY_LEVELS = ['on', 'silent', 'off'] as const;
export type DeliveryLevel = (typeof DELIVERY_LEVELS)[number];
export const DeliveryLevelSchema = z.enum(DELIVERY_LEVELS);

/** What every channel receives unless its config says otherwise: a veto on every HOLD-worthy candle would drown the rest. */
export const DEFAULT_EVENT_LEVELS: Readonly<Record<NotificationEvent, DeliveryLevel>> = {
  startup: 'on',
  entry: 'on',
  // A market entry fills at once: its entry message already carries the fill, as in freqtrade.
  entry_fill: 'off',
  entry_cancel: 'on',
  exit: 'on',
  exit_fill: 'on',
  protection: 'on',
  risk_veto: 'off',
  warning: 'on',
  exception: 'on',
  backtest_finished: 'on',
  evolution_promoted: 'on',
  llm_budget: 'on',
  daily_summary: 'on',
};

/** Why a position was closed, as exit and exit_fill messages say it. */
export const EXIT_REASONS = [
  'signal',
  'stop_loss',
  'take_profit',
  'trailing_stop',
  'kill',
  'force_exit',
  'compensation',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** The level an event gets on a channel with these overrides. */
export function levelFor(
  event: NotificationEvent,
  overrides: Partial<Record<NotificationEvent, DeliveryLevel>> | undefined,
): DeliveryLevel {
  return overrides?.[event] ?? DEFAULT_EVENT_LEVELS[event];
}
