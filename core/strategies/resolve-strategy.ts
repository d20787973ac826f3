import { loadStrategyFile, looksLikeStrategyPath } from './load-strategy-file';
import { getBuiltInStrategy } from './registry';
import type { Strategy } from './strategy';

/** A built-in id (`ema-cross`) or a path to a user strategy file (`./my-strategy.ts`). */
export function resolveStrategy(spec: string): Strategy<any> {
  return looksLikeStrategyPath(spec) ? loadStrategyFile(spec) : getBuiltInStrategy(spec);
}
