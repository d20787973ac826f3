// The hard risk limits' defaults (the seed's), in one place: the config schema defaults to them and
// workflows merge over them without loading zod.
export interface RiskLimits {
  max_position_pct: number;
  max_leverage: number;
  max_daily_loss_pct: number;
  max_open_positions: number;
  stop_loss_pct: number;
  take_profit_pct: number;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  max_position_pct: 10,
  max_leverage: 3,
  max_daily_loss_pct: 5,
  max_open_positions: 3,
  stop_loss_pct: 5,
  take_profit_pct: 10,
};
