// init's language model questions and the `llm` section they make. Without them (`--yes`, or "no")
// every agent stays deterministic, so a fresh install runs and passes doctor with no model server.
import { LOCAL_MODEL_ALIAS, PROVIDER_PRESETS, LLM_PROVIDERS, type LlmProvider } from '../../core/llm/provider-presets';
import {
  AGENT_ROLES,
  ALL_DETERMINISTIC,
  usesModel,
  type AgentMode,
  type AgentModes,
  type AgentRole,
} from '../../core/llm/roles';
import { ValidationError } from '../../core/errors';
import { checkModelFile, resolveModelPath } from '../../infra/local-llm/model-file';
import { dataDir } from '../../infra/stack/config/paths';

export interface Question {
  key: string;
  question: string;
  fallback: string;
}

export type Ask = (questions: Question[]) => Promise<Record<string, string>>;

/** Models each provider is commonly run with, both known to follow JSON schemas. */
const DEFAULT_MODELS: Record<LlmProvider, { quick: string; deep: string }> = {
  local: { quick: LOCAL_MODEL_ALIAS, deep: LOCAL_MODEL_ALIAS },
  openai: { quick: 'gpt-4o-mini', deep: 'gpt-4o' },
  openrouter: { quick: 'openai/gpt-4o-mini', deep: 'openai/gpt-4o' },
  ollama: { quick: 'qwen2.5:7b', deep: 'qwen2.5:7b' },
  vllm: { quick: 'Qwen/Qwen2.5-7B-Instruct', deep: 'Qwen/Qwen2.5-7B-Instruct' },
  lmstudio: { quick: 'qwen2.5-7b-instruct', deep: 'qwen2.5-7b-instruct' },
  llamacpp: { quick: 'qwen2.5-7b-instruct', deep: 'qwen2.5-7b-instruct' },
  custom: { quick: 'qwen2.5:7b', deep: 'qwen2.5:7b' },
};

const THINKING_MODES = ['hybrid', 'llm'] as const;

function parseProvider(answer: string): LlmProvider {
  const p = answer
    .trim()
    .toLowerCase()
    .replace(/[\s.-]/g, '');
  if ((LLM_PROVIDERS as readonly string[]).includes(p)) return p as LlmProvider;
  throw new ValidationError(`unknown LLM provider "${answer}"`, { hint: `choose one of ${LLM_PROVIDERS.join(', ')}` });
}

function parseAgents(answer: string): AgentRole[] {
  const a = answer.trim().toLowerCase();
  if (a === 'all') return [...AGENT_ROLES];
  if (a === 'none' || a === '') return [];
  const names = a.split(/[\s,]+/).filter(Boolean);
  const unknown = names.filter((n) => !(AGENT_ROLES as readonly string[]).includes(n));
  if (unknown.length)
    throw new ValidationError(`unknown agent "${unknown[0]}"`, {
      hint: `agents are ${AGENT_ROLES.join(', ')}; or all, none`,
    });
  return names as AgentRole[];
}

function parseMode(answer: string): AgentMode {
  const m = answer.trim().toLowerCase();
  if ((THINKING_MODES as readonly string[]).includes(m)) return m as AgentMode;
  throw new ValidationError(`unknown agent mode "${answer}"`, {
    hint: "hybrid (the model also sees the rules' reading) or llm (the model alone)",
  });
}

export interface LlmSection {
  provider: LlmProvider;
  baseUrl?: string;
  apiKeyEnv?: string;
  models: { quick: string; deep: string };
  agents: AgentModes;
}

/** Written by `--yes` and a "no": every agent deterministic, the section there to edit later. */
export const DETERMINISTIC_LLM: LlmSection = {
  provider: 'ollama',
  models: DEFAULT_MODELS.ollama,
  agents: ALL_DETERMINISTIC,
};

/** The config's `llm` section from init's answers. */
export async function askLlm(ask: Ask): Promise<LlmSection> {
  const { llm } = await ask([
    { key: 'llm', question: 'Let agents think with a language model? (yes/no)', fallback: 'no' },
  ]);
  if (!/^y/i.test(llm)) return DETERMINISTIC_LLM;
  const providerAnswer = await ask([
    {
      key: 'provider',
      question: `Provider (${LLM_PROVIDERS.join('|')}; local: the model \`opentrade up\` serves itself, no key and no internet, after \`opentrade setup --llm\`)`,
      fallback: 'ollama',
    },
  ]);
  const provider = parseProvider(providerAnswer.provider);
  const preset = PROVIDER_PRESETS[provider];
  const models = DEFAULT_MODELS[provider];
  // The local server's address follows llm.local.port, so a base URL asked here could only disagree with it.
  const a = await ask([
    ...(provider === 'local'
      ? []
      : [{ key: 'baseUrl', question: 'OpenAI-compatible base URL', fallback: preset.baseUrl }]),
    { key: 'quick', question: 'Quick model (the analysts)', fallback: models.quick },
    { key: 'deep', question: 'Deep model (coordinator and risk review)', fallback: models.deep },
  ]);
  // Local servers need no key; everyone else names the env var that holds it, never the key.
  const key = preset.apiKeyEnv
    ? await ask([
        {
          key: 'apiKeyEnv',
          question: 'Env var holding the API key (its name, not the key)',
          fallback: preset.apiKeyEnv,
        },
      ])
    : {};
  const who = await ask([
    {
      key: 'agents',
      question: `Agents that think with the model (${AGENT_ROLES.join(',')}, all or none)`,
      fallback: 'all',
    },
    {
      key: 'mode',
      question: "Their mode (hybrid: model plus the rules' reading; llm: model alone)",
      fallback: 'hybrid',
    },
  ]);
  const thinking = new Set(parseAgents(who.agents));
  const mode = parseMode(who.mode);
  return {
    provider,
    ...(a.baseUrl !== undefined && a.baseUrl !== preset.baseUrl ? { baseUrl: a.baseUrl } : {}),
    ...(key.apiKeyEnv && key.apiKeyEnv !== preset.apiKeyEnv ? { apiKeyEnv: key.apiKeyEnv } : {}),
    models: { quick: a.quick, deep: a.deep },
    agents: Object.fromEntries(AGENT_ROLES.map((r) => [r, thinking.has(r) ? mode : 'deterministic'])) as AgentModes,
  };
}

/** Whether the local model a fresh section points at (the default one) is in place and loadable. */
function defaultModelReady(): boolean {
  try {
    checkModelFile(resolveModelPath({}, dataDir()));
    return true;
  } catch {
    return false;
  }
}

/** What to tell the user after writing the section. */
export function llmNextSteps(section: LlmSection, modelReady: () => boolean = defaultModelReady): string[] {
  if (!usesModel(section.agents)) return [];
  const provider = section.provider;
  if (provider === 'local')
    return [
      ...(modelReady() ? [] : ['put the default local model in place with: opentrade setup --llm']),
      '`opentrade up` starts the local model server with the stack; then check it with: opentrade doctor',
    ];
  const env = section.apiKeyEnv ?? PROVIDER_PRESETS[provider].apiKeyEnv;
  return [
    ...(env ? [`put the ${provider} API key in the environment or .env as ${env}`] : []),
    'check the model endpoint with: opentrade doctor',
  ];
}
