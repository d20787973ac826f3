'use client';

import type { StrategyList } from '../../lib/gateway-types';
import { useApi } from '../../lib/use-api';

/** The strategies the gateway knows; a free text field when it cannot list them. */
export function StrategySelect({
  name = 'strategy',
  defaultValue = 'ema-cross',
}: {
  name?: string;
  defaultValue?: string;
}) {
  const { data, error } = useApi<StrategyList>('/strategies');
  if (error || !data || data.items.length === 0)
    return <input name={name} defaultValue={defaultValue} required data-testid="strategy-input" />;
  return (
    <select
      name={name}
      defaultValue={data.items.some((s) => s.name === defaultValue) ? defaultValue : data.items[0].name}
      data-testid="strategy-input"
    >
      {data.items.map((s) => (
        <option key={s.name} value={s.name}>
          {s.name}
          {s.activeVersion ? ` (v${s.activeVersion})` : ''}
        </option>
      ))}
    </select>
  );
}

export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d'];
