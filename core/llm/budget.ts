// Whether a model call may still be made: the config's budgets per session and per UTC day, in
// tokens and in money, against what was spent (cache hits cost nothing). The first limit reached
// names itself; the agents then fall back as the config says.
import type { LlmBudget } from '../config/llm-config-schema';

export interface Spend {
  tokens: number;
  usd: number;
}

export interface SpentSoFar {
  session: Spend | null;
  day: Spend;
}

export interface BudgetExhausted {
  scope: 'session' | 'day';
  unit: 'tokens' | 'usd';
  limit: number;
  spent: number;
}

/** Whether any limit applies: the day's always, the session's only where there is a session. */
export function hasBudgetLimit(budget: LlmBudget, withSession: boolean): boolean {
  const day = budget.dayTokens !== undefined || budget.dayUsd !== undefined;
  return day || (withSession && (budget.sessionTokens !== undefined || budget.sessionUsd !== undefined));
}

export function exhaustedBudget(budget: LlmBudget, spent: SpentSoFar): BudgetExhausted | null {
  const checks: [BudgetExhausted['scope'], BudgetExhausted['unit'], number | undefined, number | undefined][] = [
    ['session', 'tokens', budget.sessionTokens, spent.session?.tokens],
    ['session', 'usd', budget.sessionUsd, spent.session?.usd],
    ['day', 'tokens', budget.dayTokens, spent.day.tokens],
    ['day', 'usd', budget.dayUsd, spent.day.usd],
  ];
  for (const [scope, unit, limit, used] of checks)
    if (limit !== undefined && used !== undefined && used >= limit) return { scope, unit, limit, spent: used };
  return null;
}

export function describeExhausted(b: BudgetExhausted): string {
  const amount = (x: number) => (b.unit === 'usd' ? `$${x.toFixed(4)}` : `${x} tokens`);
  return `LLM ${b.scope} budget spent: ${amount(b.spent)} of ${amount(b.limit)}`;
}
