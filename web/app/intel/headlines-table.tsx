'use client';

import type { IntelHeadline } from '../../lib/gateway-types';
import { dateTime } from '../../lib/format';
import { DataTable, type Column } from '../_components/data-table';

/** Only web links become links: a feed's `javascript:` or `data:` URL stays inert text. */
function webLink(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

// Titles are the outlets' text: React renders them as text, never as markup.
const COLUMNS: Column<IntelHeadline>[] = [
  { head: 'Published', cell: (h) => dateTime(h.publishedAt) },
  { head: 'Source', cell: (h) => h.source },
  {
    head: 'Headline',
    wrap: true,
    cell: (h) => {
      const href = webLink(h.url);
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {h.title}
        </a>
      ) : (
        h.title
      );
    },
  },
];

export function HeadlinesTable({ items }: { items: readonly IntelHeadline[] }) {
  return (
    <DataTable
      rows={items}
      columns={COLUMNS}
      rowKey={(h) => `${h.source}\n${h.guid}`}
      empty="No headlines yet."
      testId="intel-headlines"
    />
  );
}
