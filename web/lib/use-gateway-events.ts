'use client';

import { useEffect, useEffectEvent } from 'react';
import type { GatewayEvent } from './gateway-types';
import { useGateway } from './gateway-context';

/** Calls handler for each live gateway event whose type is in `types` (all when omitted). */
export function useGatewayEvents<T = unknown>(
  types: readonly string[] | null,
  handler: (event: GatewayEvent<T>) => void,
): void {
  const { listen } = useGateway();
  // The latest handler, without resubscribing whenever a page passes a new closure.
  const onEvent = useEffectEvent(handler);
  const key = types ? types.join(',') : '*';
  useEffect(() => {
    const wanted = key === '*' ? null : new Set(key.split(','));
    return listen((e) => {
      if (!wanted || wanted.has(e.type)) onEvent(e as GatewayEvent<T>);
    });
  }, [listen, key]);
}
