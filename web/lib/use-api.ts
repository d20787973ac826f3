'use client';

import { useCallback, useEffect, useState } from 'react';
import { GatewayError } from './api-client';
import { useGateway } from './gateway-context';

export interface ApiState<T> {
  data: T | undefined;
  error: GatewayError | null;
  loading: boolean;
  reload(): void;
}

type Query = Record<string, string | number | undefined>;

/** GET path (skipped while path is null); refetches when path/query change, on reload(), and every refreshMs. */
export function useApi<T>(path: string | null, query?: Query, refreshMs?: number): ApiState<T> {
  const { client } = useGateway();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<GatewayError | null>(null);
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  // Loading until the request for this path, query and tick has settled.
  const requestKey = `${path}\n${queryKey}\n${tick}`;
  const [settledKey, setSettledKey] = useState<string | null>(null);

  useEffect(() => {
    if (!client || path === null) return;
    let cancelled = false;
    client
      .get<T>(path, JSON.parse(queryKey) as Query)
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof GatewayError ? e : new GatewayError(0, 'client', (e as Error).message));
      })
      .finally(() => {
        if (!cancelled) setSettledKey(requestKey);
      });
    return () => {
      cancelled = true;
    };
  }, [client, path, queryKey, requestKey]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const timer = setInterval(() => {
      if (!document.hidden) setTick((t) => t + 1);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, path]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loading = path !== null && settledKey !== requestKey;
  return { data, error, loading: loading && data === undefined, reload };
}
