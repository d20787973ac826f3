import type { AgentSignal } from '../agents/signal';

export type DecisionAction = 'BUY' | 'SELL' | 'HOLD';

export interface Decision {
  action: DecisionAction;
  /** Confidence-weighted mean direction of the agents that spoke, -1..1. */
  score: number;
  /** Weighted mean confidence of the agents that spoke, 0..1. */
  confidence: number;
  /** 0 when every voice points one way, 1 when bulls and bears are evenly matched. */
  disagreement: number;
  reasons: string[];
  signals: AgentSignal[];
  /** Who decided (absent: the ensemble). */
  mode?: 'strategy' | 'ensemble';
  /** The analysts' review scales the trade's size by this (strategy mode's resize); absent: 1. */
  sizeFactor?: number;
  /** Strategy mode: this close begins a reversal; the next cycle enters this side if still wanted. */
  reversalTo?: 'long' | 'short';
}
