// Reconciles the daily summary's schedule from a worker at start-up, beside its polling: a failure is
// one line (the worker still runs every queue) and the next start tries again.
import { Client, Connection } from '@temporalio/client';
import type { NotificationChannelConfig } from '../../../core/config/notification-config-schema';
import { reconcileDailySummarySchedule } from './daily-summary-schedule';

export async function keepDailySummarySchedule(
  address: string,
  namespace: string,
  channels: readonly NotificationChannelConfig[],
  log: (line: string) => void,
): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address });
    const change = await reconcileDailySummarySchedule(new Client({ connection, namespace }), channels);
    log(`daily summary schedule: ${change === 'none' ? 'no channel receives it' : change}`);
  } catch (e) {
    log(`daily summary schedule not reconciled: ${(e as Error).message}`);
  } finally {
    await connection?.close();
  }
}
