// Every workflow run evaluates the modules its bundle imports, so the trading bundle must stay free
// of zod (95 modules): validation happens where inputs enter, not inside each cycle.
import { buildSync } from 'esbuild';
import path from 'node:path';
import { coordinatorConfig } from '../../../core/coordinator/coordinator-config-schema';
import { mergeCoordinatorConfig } from '../../../core/coordinator/coordinator-config';
import { ConfigSchema } from '../../../core/config/schema';
import { DEFAULT_RISK_LIMITS } from '../../../core/risk/default-risk-limits';
import { mergeRiskPolicyConfig } from '../../../core/risk/risk-policy-config';
import { riskPolicyConfig } from '../../../core/risk/risk-policy-config-schema';

const root = path.resolve(__dirname, '..', '..', '..');

describe('the trading workflow bundle', () => {
  it('imports no zod', () => {
    const r = buildSync({
      entryPoints: [path.join(root, 'workers/trading-workflows.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      mainFields: ['main', 'module'],
      external: ['@temporalio/*'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile!.inputs);
    // The bundle was actually walked (the coordinator is in it).
    expect(inputs.some((f) => f.includes('core/coordinator'))).toBe(true);
    expect(inputs.filter((f) => /node_modules\/zod\//.test(f))).toEqual([]);
  });

  it('merges to exactly what the validating versions give for valid input', () => {
    expect(mergeCoordinatorConfig({ buyThreshold: 0.4, weights: { macro: 0.5 } })).toEqual(
      coordinatorConfig({ buyThreshold: 0.4, weights: { macro: 0.5 } }),
    );
    expect(mergeRiskPolicyConfig({ limits: { max_leverage: 2 } })).toEqual(
      riskPolicyConfig({ limits: { max_leverage: 2 } }),
    );
    expect(ConfigSchema.parse({ gateway: { token: 'x'.repeat(32) } }).risk).toEqual(DEFAULT_RISK_LIMITS);
  });
});
