'use client';

import { useEffect, useRef } from 'react';
import type { GatewayEvent } from './gateway-types';
import { useGateway } from './gateway-context';

/** Calls handler for each live gateway event whose type is in `types` (all when omitted). */
export function useGatewayEvents<T = unknown>(types: readonly string[] | null, handler: (event: GatewayEvent<T>) => void): void {
  const { listen } = useGateway();
  const ref = useRef(handler);
  ref.current = handler;
  const key = types ? types.join(',') : '*';
  useEffect(() => {
    const wanted = key === '*' ? null : new Set(key.split(','));
    return listen((e) => {
      if (!wanted || wanted.has(e.type)) ref.current(e as GatewayEvent<T>);
    });
  }, [listen, key]);
}
