// What doctor asks a language model endpoint: does it answer /models, and does each configured
// model give a schema-valid answer to a tiny structured request. A model that cannot is one every
// agent using it would abstain with, so it is named with the reason and what to change.
import type { LlmConfig, LocalModelConfig } from '../../../core/config/llm-config-schema';
import { DomainError } from '../../../core/errors';
import type { LlmCallRequest } from '../../../core/llm/llm-call';
import { LlmCallError } from '../../adapters/llm/llm-call-error';
import type { LlmClient } from '../../adapters/llm/llm-client';
import { checkModelFile, resolveModelPath } from '../../local-llm/model-file';

/** Enough for a cold local model to load, short enough for a health check. */
const PROBE_TIMEOUT_CAP_MS = 60_000;
const MODELS_TIMEOUT_MS = 5_000;

export interface ProbeFailure {
  what: string;
  fix: string;
}

export function probeRequest(model: string, llm: Pick<LlmConfig, 'maxTokens'>): LlmCallRequest {
  return {
    role: 'bull',
    model,
    answer: 'debate',
    temperature: 0,
    // Reasoning models think before they answer: the configured budget, not a token-sized one.
    maxTokens: llm.maxTokens,
    messages: [
      { role: 'system', content: 'You are the OpenTrade doctor probe: a connectivity check, not a trading question.' },
      { role: 'user', content: 'Answer with argument "ok" and conviction 1.' },
    ],
  };
}

function fixFor(e: unknown, llm: LlmConfig, apiKeyEnv: string | null): string {
  if (!(e instanceof LlmCallError)) return 'see the message above';
  switch (e.kind) {
    case 'auth':
      return apiKeyEnv ? `check the key in ${apiKeyEnv}` : 'the endpoint wants a key: set llm.apiKeyEnv';
    case 'not_found':
      return 'serve or pull that model, or change llm.models / llm.roleModels (`opentrade config set llm.models.quick <name>`)';
    case 'connection':
    case 'timeout':
      if (llm.provider === 'local' && !llm.baseUrl)
        return `start the stack with \`opentrade up\` (it serves the local model on port ${llm.local.port}), or \`opentrade llm serve\` alone`;
      return `start the OpenAI-compatible server at ${llm.baseUrl ?? 'the preset URL'} or fix llm.baseUrl`;
    case 'rejected':
      return 'the endpoint refused the request: if it lacks json_schema structured output, `opentrade config set llm.structuredOutput json_object`';
    default:
      return 'the endpoint is failing; try again later';
  }
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The GGUF file the local server would load. Checked before the endpoint, so a model never installed
 * is named as such, not as a server that does not answer.
 */
export function probeLocalModelFile(local: LocalModelConfig, dataDir: string): ProbeFailure | null {
  try {
    checkModelFile(resolveModelPath(local, dataDir));
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { what: e.message, fix: e.hint ?? 'see the message above' };
  }
}

export async function probeModels(client: LlmClient, llm: LlmConfig): Promise<ProbeFailure | string[]> {
  try {
    return await client.listModels({ timeoutMs: MODELS_TIMEOUT_MS });
  } catch (e) {
    return {
      what: `${client.endpoint.baseUrl} does not answer /models: ${messageOf(e)}`,
      fix: fixFor(e, llm, client.endpoint.apiKeyEnv),
    };
  }
}

export async function probeModel(client: LlmClient, llm: LlmConfig, model: string): Promise<ProbeFailure | null> {
  try {
    const outcome = await client.complete(probeRequest(model, llm), {
      timeoutMs: Math.min(llm.timeoutMs, PROBE_TIMEOUT_CAP_MS),
    });
    if (outcome.ok) return null;
    return {
      what: `model ${model} answered, but not usably: ${outcome.reason}`,
      fix: 'use an instruction-tuned model that follows JSON schemas, raise llm.maxTokens if it was cut off, or set llm.structuredOutput json_object for servers without json_schema',
    };
  } catch (e) {
    return { what: `model ${model}: ${messageOf(e)}`, fix: fixFor(e, llm, client.endpoint.apiKeyEnv) };
  }
}
