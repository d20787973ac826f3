// The deterministic analyst line-up a trading cycle runs, one per AgentName.
import type { AgentName, Agent } from './signal';
import { MacroAgent, type MacroAgentConfig } from './macro-agent';
import { MarketAgent, type MarketAgentConfig } from './market-agent';
import { OnChainAgent, type OnChainAgentConfig } from './onchain-agent';
import { SentimentAgent, type SentimentAgentConfig } from './sentiment-agent';
import { StrategyAgent, type StrategyAgentConfig } from './strategy-agent';

export interface DeterministicAgentsConfig {
  market?: Partial<MarketAgentConfig>;
  strategy?: Partial<StrategyAgentConfig>;
  onchain?: Partial<OnChainAgentConfig>;
  sentiment?: Partial<SentimentAgentConfig>;
  macro?: Partial<MacroAgentConfig>;
}

export function createDeterministicAgents(config: DeterministicAgentsConfig = {}): Record<AgentName, Agent> {
  return {
    market: new MarketAgent(config.market),
    strategy: new StrategyAgent(config.strategy),
    onchain: new OnChainAgent(config.onchain),
    sentiment: new SentimentAgent(config.sentiment),
    macro: new MacroAgent(config.macro),
  };
}
