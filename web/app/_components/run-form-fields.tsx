import { StrategySelect, TIMEFRAMES } from './strategy-select';

/** The fields every run form (session, backtest) starts from; their names are the gateway's body keys. */
export function StrategyField() {
  return (
    <label>
      Strategy
      <StrategySelect />
    </label>
  );
}

export function TimeframeField({ defaultValue }: { defaultValue: string }) {
  return (
    <label>
      Timeframe
      <select name="timeframe" defaultValue={defaultValue}>
        {TIMEFRAMES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
    </label>
  );
}

export function ExchangeField() {
  return (
    <label>
      Exchange
      <input name="exchange" defaultValue="sim" />
    </label>
  );
}

/** Strategy parameters as JSON (read with optionalJsonObject). */
export function ParamsField() {
  return (
    <label className="span-2">
      Parameters <span className="muted">(JSON, optional)</span>
      <textarea name="params" rows={2} placeholder='{"fast": 9, "slow": 21}' />
    </label>
  );
}
