import type { SessionLock } from '../../lib/gateway-types';
import { dateTime } from '../../lib/format';
import { DataTable } from './data-table';

/** The protection locks blocking a session's new entries now; exits go on regardless. */
export function ProtectionLocksTable({ locks }: { locks: readonly SessionLock[] }) {
  return (
    <DataTable
      rows={locks}
      rowKey={(l) => l.id}
      rowTestId={() => 'lock'}
      testId="locks"
      empty="No active locks."
      columns={[
        { head: 'Protection', cell: (l) => l.protection },
        { head: 'Blocks', cell: (l) => (l.scope === 'all' ? 'all pairs' : l.symbol) },
        { head: 'Reason', cell: (l) => l.reason, wrap: true },
        { head: 'Until (UTC)', cell: (l) => dateTime(l.until) },
      ]}
    />
  );
}
