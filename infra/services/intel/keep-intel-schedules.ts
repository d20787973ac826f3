// Reconciles the intelligence schedules from a worker at start-up, beside its polling: a failure is
// one line (the worker still runs every queue) and the next start tries again.
import { Client, Connection } from '@temporalio/client';
import type { IntelConfig } from '../../../core/config/intel-config-schema';
import { reconcileIntelSchedules } from './intel-schedules';

export async function keepIntelSchedules(
  address: string,
  namespace: string,
  config: IntelConfig,
  log: (line: string) => void,
): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address });
    const changes = await reconcileIntelSchedules(new Client({ connection, namespace }), config);
    const parts = Object.entries(changes)
      .filter(([, ids]) => (ids as string[]).length)
      .map(([what, ids]) => `${what} ${(ids as string[]).join(', ')}`);
    log(`intel schedules: ${parts.length ? parts.join('; ') : 'none enabled'}`);
  } catch (e) {
    log(`intel schedules not reconciled: ${(e as Error).message}`);
  } finally {
    await connection?.close();
  }
}
