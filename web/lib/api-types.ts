// The gateway's REST + WebSocket contract (api/CONTRACT.md), restated here because web/ is its own
// package and cannot import ../api. Keep in step with the contract.

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SessionStatusName = 'running' | 'paused' | 'stopped' | 'killed' | 'failed';

export interface Session {
  id: string;
  mode: 'paper' | 'live';
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategy: string;
  strategyVersion: number;
  status: SessionStatusName | string;
  workflowId: string;
  temporalUiUrl: string | null;
  startedAt: string;
  stoppedAt: string | null;
  config: Record<string, unknown>;
}

export interface DecisionSummary {
  cycleId: string;
  symbol: string;
  candleCloseMs: number;
  action: 'BUY' | 'SELL' | 'HOLD';
  verdict: string;
  reasons: string[];
}

export interface PositionView {
  symbol: string;
  side: 'long' | 'short';
  quantity: number;
  entryPrice: number;
  markPrice?: number;
  unrealizedPnl: number;
  stopLoss?: number;
  takeProfit?: number;
}

/** The workflow's status query while a session runs (workflows/trading-contract.ts). */
export interface LiveSessionStatus {
  sessionId: string;
  state: {
    cyclesRun: number;
    status: string;
    pauseReason?: string;
    realizedPnlToday: number;
    killSwitchTripped: boolean;
    lastDecision?: DecisionSummary;
  };
  positions: PositionView[];
  equity?: number;
  pnlToday: number;
}

export interface SessionCreateBody {
  mode: 'paper' | 'live';
  exchange: string;
  symbols: string[];
  timeframe: string;
  strategy: string;
  params?: Record<string, unknown>;
  maxCycles?: number;
  speed?: number;
  confirmLive?: true;
}

export interface SignalAnswer {
  sessionId: string;
  signal: string;
}

export interface RiskVerdict {
  verdict: 'approve' | 'resize' | 'veto' | 'none' | string;
  reasons: string[];
  quantity?: number;
  side?: string;
  [extra: string]: unknown;
}

export interface Decision {
  id: string;
  sessionId: string;
  symbol: string;
  candleTime: string;
  action: 'BUY' | 'SELL' | 'HOLD';
  confidence: number;
  reasoning: string;
  summary: string | null;
  riskVerdict: RiskVerdict | null;
  createdAt: string;
}

export interface AgentSignal {
  agent: string;
  /** -1..1 as recorded by the agents (the contract words it long / short / neutral). */
  direction: number | 'long' | 'short' | 'neutral' | string;
  confidence: number;
  reasoning: string;
  data: Record<string, unknown> | null;
}

export interface Order {
  id: string;
  clientOrderId: string;
  exchangeOrderId: string | null;
  sessionId: string | null;
  decisionId: string | null;
  exchange: string;
  symbol: string;
  side: string;
  type: string;
  purpose: string;
  status: string;
  price: number | null;
  triggerPrice: number | null;
  amount: number;
  filled: number;
  average: number | null;
  fee: number | null;
  feeCurrency: string | null;
  reduceOnly: boolean;
  mode: string;
  createdAt: string;
  updatedAt: string;
}

export interface DecisionDetail extends Decision {
  signals: AgentSignal[];
  orders: Order[];
  workflowId: string | null;
  temporalUiUrl: string | null;
}

export interface Position {
  id: string;
  sessionId: string;
  exchange: string;
  symbol: string;
  side: string;
  status: string;
  size: number;
  entryPrice: number;
  markPrice: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  unrealizedPnl: number | null;
  leverage: number | null;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface EquityPoint {
  time: string;
  equity: number;
  cash: number;
  unrealizedPnl: number;
  realizedPnl: number;
  drawdownPct: number;
}

export interface EquitySummary {
  startEquity: number | null;
  equity: number | null;
  pnlTotal: number;
  pnlToday: number;
  maxDrawdownPct: number;
}

export type BacktestStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface Backtest {
  id: string;
  strategy: string;
  version: number | null;
  params: Record<string, unknown> | null;
  exchange: string;
  symbol: string;
  timeframe: string;
  from: string | null;
  to: string | null;
  status: BacktestStatus | string;
  progress: number;
  metrics: Record<string, unknown> | null;
  error: string | null;
  workflowId: string | null;
  temporalUiUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface BacktestCreateBody {
  strategy: string;
  params?: Record<string, unknown>;
  exchange: string;
  symbol: string;
  timeframe: string;
  fromMs?: number;
  toMs?: number;
  sync?: boolean;
  fee?: number;
  slippageBps?: number;
  initialCapital?: number;
  stakePct?: number;
  stopLossPct?: number;
  takeProfitPct?: number;
}

export interface BacktestProgress {
  runId: string;
  phase: string;
  done: number;
  total: number;
  chunk?: number;
  chunks?: number;
  error?: string;
  pct: number;
}

export interface BacktestTrade {
  seq: number;
  side: string;
  entryTime: string | number;
  exitTime: string | number | null;
  entryPrice: number;
  exitPrice: number | null;
  quantity: number;
  pnl: number | null;
  fees: number | null;
  exitReason: string | null;
}

export interface BacktestResult {
  metrics: Record<string, unknown>;
  trades: BacktestTrade[];
  tradesTotal: number;
  equity: { time: string | number; equity: number; drawdownPct: number }[];
  candles: { time: string | number; open: number; high: number; low: number; close: number }[];
}

export interface StrategySummary {
  name: string;
  builtin: boolean;
  description: string;
  parameters: Record<string, unknown>;
  activeVersion: number | null;
  versions: number;
}

export interface StrategyVersion {
  id: string;
  name: string;
  version: number;
  type: string;
  parameters: Record<string, unknown>;
  performance: Record<string, unknown> | null;
  status: 'draft' | 'active' | 'retired' | string;
  parentVersion: number | null;
  createdAt: string;
}

export interface StrategyDetail {
  strategy: { name: string; builtin: boolean; description: string; parameters: Record<string, unknown> };
  versions: StrategyVersion[];
}

export interface EvolutionRun {
  id: string;
  strategyName: string;
  status: string;
  config: Record<string, unknown> | null;
  seed: number | null;
  bestParams: Record<string, unknown> | null;
  bestFitness: number | null;
  promoted: boolean;
  reason: string | null;
  workflowId: string | null;
  temporalUiUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface EvolutionGeneration {
  generation: number;
  bestFitness: number;
  meanFitness: number;
  bestParams: Record<string, unknown>;
}

export interface EvolutionRunDetail {
  run: EvolutionRun;
  generations: EvolutionGeneration[];
  progress: { generation?: number; generations?: number; bestFitness?: number; [k: string]: unknown } | null;
}

/** One WebSocket message from the gateway. */
export interface GatewayEvent<T = unknown> {
  type: string;
  data: T;
  ts: number;
}

export interface DecisionEvent extends DecisionSummary {
  sessionId: string;
  killSwitch?: boolean;
  realizedPnl?: number;
}

export interface SessionEvent {
  sessionId: string;
  status: string;
  reason?: string;
}

export interface EquityEvent {
  sessionId: string;
  equity: number;
  time: number;
}

export interface BacktestProgressEvent {
  runId: string;
  phase: string;
  done: number;
  total: number;
  pct: number;
  status?: string;
}

export interface EvolutionProgressEvent {
  runId: string;
  strategy: string;
  generation: number;
  generations: number;
  bestFitness: number;
  status?: string;
}
