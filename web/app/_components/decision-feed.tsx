'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import type { DecisionEvent, DecisionList } from '../../lib/gateway-types';
import { dateTime, shortId } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useGatewayEvents } from '../../lib/use-gateway-events';
import { ApiView } from './api-view';
import { Pill } from './pill';
import { Empty } from './states';

/**
 * Newest decisions first. A live `decision` event (which carries no row id) triggers a refetch, so
 * every row links to its detail page; the refetches are spaced out when events come fast.
 */
export function DecisionFeed({ sessionId, limit = 20 }: { sessionId?: string; limit?: number }) {
  const feed = useApi<DecisionList>('/decisions', { sessionId, limit }, 20_000);
  const [liveCount, setLiveCount] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useGatewayEvents<DecisionEvent>(['decision'], (e) => {
    if (sessionId && e.data?.sessionId !== sessionId) return;
    setLiveCount((n) => n + 1);
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      feed.reload();
    }, 400);
  });
  return (
    <ApiView state={feed} what="decisions">
      {(page) => (
        <div>
          <p className="meta" aria-live="polite">
            {liveCount > 0
              ? `${liveCount} live decision${liveCount === 1 ? '' : 's'} since this page opened`
              : 'Waiting for live decisions…'}
          </p>
          {page.items.length === 0 ? (
            <Empty>No decisions yet: they appear here as each candle closes.</Empty>
          ) : (
            <ul className="feed" data-testid="decision-feed">
              {page.items.map((d) => (
                <li key={d.id} className="feed-item" data-testid="decision">
                  <Pill kind="action" value={d.action} />
                  <span className="feed-main">
                    <Link href={`/decisions/${d.id}`}>
                      {d.symbol} · {dateTime(d.candleTime)} market time
                    </Link>
                    <span className="feed-text">{d.summary ?? d.reasoning}</span>
                  </span>
                  <span className="feed-side">
                    {d.riskVerdict && <Pill kind="verdict" value={d.riskVerdict.verdict} />}
                    {!sessionId && (
                      <Link className="meta" href={`/sessions/${d.sessionId}`}>
                        {shortId(d.sessionId)}
                      </Link>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </ApiView>
  );
}
