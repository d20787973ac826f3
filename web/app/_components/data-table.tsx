import type { ReactNode } from 'react';
import { Empty } from './states';

export interface Column<T> {
  head: ReactNode;
  cell(row: T): ReactNode;
  /** Figures: right-aligned, heading included. */
  num?: boolean;
  /** Long text that may wrap instead of widening the table. */
  wrap?: boolean;
  /** A class that depends on the row (up / down colouring). */
  tone?(row: T): string;
}

function cellClass<T>(c: Column<T>, row: T): string | undefined {
  return [c.num && 'num', c.wrap && 'wrap', c.tone?.(row)].filter(Boolean).join(' ') || undefined;
}

/** Rows as a scrollable table, or the `empty` note when there are none; a `false` column is left out. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  empty,
  testId,
  rowTestId,
}: {
  rows: readonly T[];
  columns: readonly (Column<T> | false)[];
  rowKey(row: T): string | number;
  empty: ReactNode;
  testId?: string;
  rowTestId?(row: T): string;
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} className={c.num ? 'num' : undefined}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} data-testid={rowTestId?.(r)}>
              {shown.map((c, i) => (
                <td key={i} className={cellClass(c, r)}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
