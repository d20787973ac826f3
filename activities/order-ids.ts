// clientOrderIds of a cycle's orders: derived from the cycle workflow id and the order's purpose, so
// a retried activity (or a re-run after a crash) sends and looks up the very same id. 31 characters
// of [A-Za-z0-9-]: inside every venue's limit (Binance: 36) and charset.
import { createHash } from 'node:crypto';

export const ORDER_PURPOSES = ['entry', 'close', 'stop_loss', 'take_profit', 'trailing_stop', 'compensation'] as const;
export type OrderPurpose = (typeof ORDER_PURPOSES)[number];
export type StoredOrderPurpose = Exclude<OrderPurpose, 'trailing_stop'>;

const CODE: Record<OrderPurpose, string> = {
  entry: 'en',
  close: 'cl',
  stop_loss: 'sl',
  take_profit: 'tp',
  trailing_stop: 'ts',
  compensation: 'cx',
};

export function cycleClientOrderId(cycleId: string, purpose: OrderPurpose): string {
  if (!cycleId) throw new RangeError('cycleClientOrderId: cycleId must be a non-empty string');
  if (!(purpose in CODE))
    throw new RangeError(
      `cycleClientOrderId: unknown purpose "${String(purpose)}"; purposes: ${ORDER_PURPOSES.join(', ')}`,
    );
  return `ot${createHash('sha256').update(cycleId).digest('hex').slice(0, 26)}-${CODE[purpose]}`;
}

/**
 * The purpose the database files an order under. A trailing stop is the stop-loss it replaces there
 * (every query that settles, cancels or lists a position's stop finds it as one); its clientOrderId's
 * code tells the ledger the exit was the trailing stop's.
 */
export const storedPurpose = (purpose: OrderPurpose): StoredOrderPurpose =>
  purpose === 'trailing_stop' ? 'stop_loss' : purpose;

/** The purpose a clientOrderId of ours names by its code; undefined for an id not made here. */
export function purposeOfClientOrderId(clientOrderId: string): OrderPurpose | undefined {
  const code = clientOrderId.match(/-([a-z]{2})$/)?.[1];
  return ORDER_PURPOSES.find((p) => CODE[p] === code);
}
