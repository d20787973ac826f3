// The validating side of types.ts, for config files, the gateway and the CLI. Kept out of index.ts so
// workflow code never pulls in zod.
import { ProtectionsConfigError } from './protections-config-error';
import { describeIssue, protectionsConfigSchema } from './protection-schemas';
import type { ProtectionsConfig } from './types';

export {
  cooldownPeriodConfigSchema,
  lowProfitPairsConfigSchema,
  MAX_CANDLES,
  MAX_TRADE_LIMIT,
  maxDrawdownConfigSchema,
  protectionsConfigSchema,
  stoplossGuardConfigSchema,
} from './protection-schemas';
export { ProtectionsConfigError } from './protections-config-error';
export { parseProtectionFlag, parseProtectionFlags } from './protection-flag';

/**
 * A protections config (every protection optional; absent input means none), validated. The error
 * names the first bad field's path and its valid range, e.g.
 * `protections.stoplossGuard.tradeLimit: must be an integer within 1..1000, got 0`.
 */
export function parseProtectionsConfig(input: unknown): ProtectionsConfig {
  const r = protectionsConfigSchema.safeParse(input === undefined ? {} : input);
  if (r.success) return r.data;
  const [path, detail] = describeIssue(r.error.issues[0]);
  throw new ProtectionsConfigError(['protections', ...path].join('.'), detail);
}
