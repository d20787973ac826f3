// The RiskPolicy contract as an object, for callers that keep one configured instance per session.
import type { RiskLimits } from '../config/schema';
import { evaluateRisk } from './evaluate-risk';
import type { RiskPolicyConfig, SizingConfig } from './risk-policy-config';
import { riskPolicyConfig } from './risk-policy-config-schema';
import type { RiskInput, RiskVerdict } from './risk-types';

export class RiskPolicy {
  readonly config: RiskPolicyConfig;

  constructor(overrides: { limits?: Partial<RiskLimits>; sizing?: Partial<SizingConfig> } = {}) {
    this.config = riskPolicyConfig(overrides);
  }

  evaluate(input: RiskInput): RiskVerdict {
    return evaluateRisk(input, this.config);
  }
}
