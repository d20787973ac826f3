// The endpoint and model a role's calls go to, from the config's `llm` section and its provider's
// preset: the one place a missing setting takes its default.
import type { LlmConfig } from '../config/llm-config-schema';
import { RefusedError } from '../errors';
import { PROVIDER_PRESETS, type StructuredOutput } from './provider-presets';
import { ROLE_TIER, type LlmRole } from './roles';

export interface LlmEndpoint {
  provider: LlmConfig['provider'];
  baseUrl: string;
  structuredOutput: StructuredOutput;
  /** The env var holding the key; null: the endpoint needs none. */
  apiKeyEnv: string | null;
  /** The endpoint runs on the user's machine: its models cost nothing. */
  local: boolean;
}

/** Where `opentrade llm serve` listens: loopback only, never another machine's reach. */
export function localModelUrl(port: number): string {
  return `http://127.0.0.1:${port}/v1`;
}

export function resolveEndpoint(llm: LlmConfig): LlmEndpoint {
  const preset = PROVIDER_PRESETS[llm.provider];
  const presetUrl = llm.provider === 'local' ? localModelUrl(llm.local.port) : preset.baseUrl;
  return {
    provider: llm.provider,
    baseUrl: (llm.baseUrl ?? presetUrl).replace(/\/+$/, ''),
    structuredOutput: llm.structuredOutput ?? preset.structuredOutput,
    apiKeyEnv: llm.apiKeyEnv ?? preset.apiKeyEnv,
    local: preset.local,
  };
}

export function modelFor(llm: Pick<LlmConfig, 'models' | 'roleModels'>, role: LlmRole): string {
  return llm.roleModels[role] ?? llm.models[ROLE_TIER[role]];
}

/**
 * Refuses agents on a model whose endpoint needs a key `env` lacks: the process that asks reads the
 * key from its own environment, and a start refused now beats an abstention on every call.
 */
export function requireEndpointKey(
  llm: LlmConfig,
  env: Record<string, string | undefined>,
  /** Which processes need it, and the way out without a model. */
  hint: { where: string; otherwise: string },
): void {
  const keyEnv = resolveEndpoint(llm).apiKeyEnv;
  if (keyEnv && !env[keyEnv])
    throw new RefusedError(`agents think with ${llm.provider} but ${keyEnv} is not set`, {
      field: 'agents',
      hint: `export ${keyEnv} (in .env or the environment of ${hint.where}), or ${hint.otherwise}`,
    });
}
