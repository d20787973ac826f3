'use client';

import type { IntelProviderStatus } from '../../lib/gateway-types';
import { dateTime } from '../../lib/format';
import { DataTable, type Column } from '../_components/data-table';

/** The last failure counts only when no success came after it. */
const failing = (p: IntelProviderStatus) =>
  p.lastFailureAt !== null && (p.lastSuccessAt === null || p.lastFailureAt > p.lastSuccessAt);

const COLUMNS: Column<IntelProviderStatus>[] = [
  { head: 'Provider', cell: (p) => p.provider },
  {
    head: 'State',
    cell: (p) => {
      const [cls, word] = !p.enabled
        ? ['pill-warn', 'disabled']
        : failing(p)
          ? ['pill-fail', 'failing']
          : p.lastSuccessAt
            ? ['pill-ok', 'ok']
            : ['pill-warn', 'never synced'];
      return <span className={`pill ${cls}`}>{word}</span>;
    },
  },
  { head: 'Every', num: true, cell: (p) => `${p.intervalMinutes} min` },
  { head: 'Last success', cell: (p) => dateTime(p.lastSuccessAt) },
  { head: 'Last failure', cell: (p) => dateTime(p.lastFailureAt) },
  {
    head: 'Last error',
    wrap: true,
    cell: (p) =>
      p.lastError ? (
        <>
          {p.lastErrorKind && <code>{p.lastErrorKind}</code>} {p.lastError}
        </>
      ) : (
        '—'
      ),
  },
];

export function ProvidersTable({ items }: { items: readonly IntelProviderStatus[] }) {
  return (
    <DataTable
      rows={items}
      columns={COLUMNS}
      rowKey={(p) => p.provider}
      empty="No providers."
      testId="intel-providers"
      rowTestId={(p) => `intel-provider-${p.provider}`}
    />
  );
}
