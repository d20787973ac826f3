import type { ReactNode } from 'react';

/** A titled card of a page; `aside` (a filter, a picker) sits on the title's line. */
export function Panel({ title, aside, children }: { title: ReactNode; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel">
      {aside === undefined ? (
        <h2>{title}</h2>
      ) : (
        <div className="panel-head">
          <h2>{title}</h2>
          {aside}
        </div>
      )}
      {children}
    </section>
  );
}
