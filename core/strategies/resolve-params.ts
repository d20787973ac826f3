import { paramSpace } from './param-space';
import type { Strategy, StrategyParams } from './strategy';
import { StrategyParamsError } from './strategy-errors';

/**
 * Defaults overlaid with the given parameters, checked field by field so the error names the
 * parameter and its allowed range, then by the schema itself (cross-field rules such as fast < slow).
 */
export function resolveParams<P extends StrategyParams>(strategy: Strategy<P>, given: unknown = {}): P {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new StrategyParamsError(strategy.id, 'parameters must be a JSON object');
  }
  const space = paramSpace(strategy.paramsSchema);
  const names = new Set(space.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!names.has(key))
      throw new StrategyParamsError(strategy.id, `unknown parameter "${key}"; parameters: ${[...names].join(', ')}`);
  }
  const merged: Record<string, unknown> = { ...strategy.defaults, ...(given as Record<string, unknown>) };
  for (const p of space) {
    const v = merged[p.name];
    if (p.kind === 'boolean') {
      if (typeof v !== 'boolean')
        throw new StrategyParamsError(
          strategy.id,
          `parameter ${p.name} must be true or false, got ${JSON.stringify(v)}`,
        );
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StrategyParamsError(
        strategy.id,
        `parameter ${p.name} must be a number in ${p.min}..${p.max}, got ${JSON.stringify(v)}`,
      );
    }
    if (v < p.min || v > p.max)
      throw new StrategyParamsError(strategy.id, `parameter ${p.name}=${v} is outside its range ${p.min}..${p.max}`);
    if (p.integer && !Number.isInteger(v))
      throw new StrategyParamsError(strategy.id, `parameter ${p.name}=${v} must be an integer in ${p.min}..${p.max}`);
  }
  const parsed = strategy.paramsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `parameter ${issue.path.join('.')}: ` : '';
    throw new StrategyParamsError(strategy.id, `${where}${issue.message}`);
  }
  return parsed.data;
}
