// What each kind of OpenAI-compatible endpoint is at by default and what it can do. `json_schema`:
// the provider constrains its answer to our schema (structured outputs); `json_object`: it only
// promises JSON, so the answer is extracted tolerantly and checked against the schema here.
export const LLM_PROVIDERS = [
  'local',
  'openai',
  'openrouter',
  'ollama',
  'vllm',
  'lmstudio',
  'llamacpp',
  'custom',
] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** The model name the local server answers to whatever file it loaded (it also answers to the file's name). */
export const LOCAL_MODEL_ALIAS = 'local';

export type StructuredOutput = 'json_schema' | 'json_object';

export interface ProviderPreset {
  baseUrl: string;
  structuredOutput: StructuredOutput;
  /** The env var the API key is read from by default; null: the endpoint needs none. */
  apiKeyEnv: string | null;
  /** Models priced at 0 whatever their name: the endpoint runs on the user's own machine. */
  local: boolean;
}

export const PROVIDER_PRESETS: Record<LlmProvider, ProviderPreset> = {
  // The model server `opentrade up` runs itself (llm.local); its port follows llm.local.port.
  local: { baseUrl: 'http://127.0.0.1:18792/v1', structuredOutput: 'json_schema', apiKeyEnv: null, local: true },
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    structuredOutput: 'json_schema',
    apiKeyEnv: 'OPENAI_API_KEY',
    local: false,
  },
  openrouter: {
    baseUrl: 'https://openrouter.ai/api/v1',
    structuredOutput: 'json_schema',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    local: false,
  },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1', structuredOutput: 'json_schema', apiKeyEnv: null, local: true },
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1', structuredOutput: 'json_schema', apiKeyEnv: null, local: true },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', structuredOutput: 'json_schema', apiKeyEnv: null, local: true },
  llamacpp: { baseUrl: 'http://127.0.0.1:8080/v1', structuredOutput: 'json_object', apiKeyEnv: null, local: true },
  custom: {
    baseUrl: 'http://127.0.0.1:8000/v1',
    structuredOutput: 'json_object',
    apiKeyEnv: 'OPENTRADE_LLM_API_KEY',
    local: false,
  },
};
