'use client';

import { useMemo, useState } from 'react';
import type { IntelObservations } from '../../lib/gateway-types';
import { chartTime } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { Loading } from '../_components/states';
import { TimeChart } from '../_components/time-chart';

const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

/** A series' last 90 days as a small line, fetched only for a series that has a value at all. */
export function SeriesChart({ seriesId, label }: { seriesId: string; label: string }) {
  // The window's start is fixed per mount, so the query (and the request) does not change every render.
  const [from] = useState(() => new Date(Date.now() - HISTORY_DAYS * DAY_MS).toISOString());
  const points = useApi<IntelObservations>(
    `/intel/series/${encodeURIComponent(seriesId)}/observations`,
    { from, limit: 2000 },
    300_000,
  );
  const series = useMemo(
    () => [
      {
        kind: 'line' as const,
        title: '',
        color: '#2563eb',
        data: (points.data?.items ?? []).map((p) => ({ time: chartTime(p.observedAt), value: p.value })),
      },
    ],
    [points.data],
  );
  if (points.error) return <p className="meta">history unavailable: {points.error.message}</p>;
  // No empty chart while the history loads: a chart on screen shows the points it was given.
  if (points.loading) return <Loading what="history" />;
  return (
    <TimeChart
      series={series}
      height={90}
      label={`${label}, last ${HISTORY_DAYS} days`}
      testId={`intel-chart-${seriesId}`}
    />
  );
}
