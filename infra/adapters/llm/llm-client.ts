// The one way the system talks to a language model: the real `openai` SDK pointed at any
// OpenAI-compatible endpoint, one SDK instance per client. It never retries (Temporal activities
// do, reading LlmCallError.retryable) and never sees the API key anywhere but its header.
import OpenAI, { type ClientOptions } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { Agent, fetch as undiciFetch } from 'undici';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LlmConfig } from '../../../core/config/llm-config-schema';
import { ANSWER_SCHEMAS } from '../../../core/llm/answer-schemas';
import type { AnswerKind, LlmCallOutcome, LlmCallRequest, LlmPort } from '../../../core/llm/llm-call';
import { resolveEndpoint, type LlmEndpoint } from '../../../core/llm/resolve-endpoint';
import { LlmCallError, toLlmCallError } from './llm-call-error';
import { readCompletion } from './read-completion';

export interface CallOptions {
  signal?: AbortSignal;
  /** Over llm.timeoutMs, e.g. doctor's short probe. */
  timeoutMs?: number;
}

export interface LlmClient extends LlmPort {
  readonly endpoint: LlmEndpoint;
  /** Every model the config names (both tiers and each per-role override), each once. */
  readonly models: string[];
  complete(request: LlmCallRequest, options?: CallOptions): Promise<LlmCallOutcome>;
  listModels(options?: CallOptions): Promise<string[]>;
}

/** Local servers accept any key but the SDK insists on one. */
const NO_KEY_NEEDED = 'no-key-needed';

export function configuredModels(llm: Pick<LlmConfig, 'models' | 'roleModels'>): string[] {
  return [...new Set([llm.models.quick, llm.models.deep, ...Object.values(llm.roleModels)])].filter(
    (m): m is string => typeof m === 'string' && m.length > 0,
  );
}

const formats = new Map<AnswerKind, ReturnType<typeof zodResponseFormat>>();
function responseFormat(kind: AnswerKind): ReturnType<typeof zodResponseFormat> {
  let format = formats.get(kind);
  if (!format) formats.set(kind, (format = zodResponseFormat(ANSWER_SCHEMAS[kind], kind)));
  return format;
}

/**
 * JSON mode promises JSON, not our shape: the model is told the schema in words. It joins the first
 * system message because many chat templates accept only one system message, and only first.
 */
function withSchemaInstruction(req: LlmCallRequest): LlmCallRequest['messages'] {
  const schema = JSON.stringify(responseFormat(req.answer).json_schema.schema);
  const instruction = `Answer with one JSON object and nothing else, matching this JSON Schema: ${schema}`;
  const [first, ...rest] = req.messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...req.messages];
}

/** Node's built-in fetch gives up waiting for response headers after 5 minutes, whatever the SDK's timeout. */
const NODE_FETCH_HEADERS_TIMEOUT_MS = 300_000;
/** The SDK's own timeout is a backstop behind ours (see deadline()). */
const SDK_TIMEOUT_MARGIN_MS = 5_000;

function transport(timeoutMs: number): Pick<ClientOptions, 'fetch' | 'fetchOptions'> {
  if (timeoutMs + SDK_TIMEOUT_MARGIN_MS < NODE_FETCH_HEADERS_TIMEOUT_MS) return {};
  const limit = timeoutMs + SDK_TIMEOUT_MARGIN_MS;
  return {
    fetch: undiciFetch as unknown as ClientOptions['fetch'],
    fetchOptions: {
      dispatcher: new Agent({ headersTimeout: limit, bodyTimeout: limit }),
    } as ClientOptions['fetchOptions'],
  };
}

/**
 * The call's deadline, kept here rather than left to the SDK: the SDK tells its own timeout from a
 * dropped connection by the abort error's class, which differs between realms (jest's vm), while
 * this timer's `aborted` is unambiguous.
 */
function deadline(ms: number, caller?: AbortSignal): { signal: AbortSignal; expired: () => boolean } {
  const timer = AbortSignal.timeout(ms);
  return {
    signal: caller ? AbortSignal.any([caller, timer]) : timer,
    expired: () => timer.aborted && !caller?.aborted,
  };
}

export function createLlmClient(llm: LlmConfig, env: NodeJS.ProcessEnv = process.env): LlmClient {
  const endpoint = resolveEndpoint(llm);
  const key = endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] : NO_KEY_NEEDED;
  const secrets = [key];
  let sdk: OpenAI | undefined;

  // Built at the first call, so a process whose agents are all deterministic never needs the key.
  function client(): OpenAI {
    if (!key)
      throw new LlmCallError(
        'auth',
        `the ${endpoint.provider} endpoint needs an API key in the environment variable ${endpoint.apiKeyEnv}, which is not set`,
      );
    sdk ??= new OpenAI({
      apiKey: key,
      baseURL: endpoint.baseUrl,
      timeout: llm.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
      maxRetries: 0,
      // The SDK would otherwise read these from process.env and send OpenAI's org, project or admin
      // key along to whatever endpoint this is.
      adminAPIKey: null,
      organization: endpoint.provider === 'openai' ? (env.OPENAI_ORG_ID ?? null) : null,
      project: endpoint.provider === 'openai' ? (env.OPENAI_PROJECT_ID ?? null) : null,
      ...transport(llm.timeoutMs),
    });
    return sdk;
  }

  function body(req: LlmCallRequest): ChatCompletionCreateParamsNonStreaming {
    const structured = endpoint.structuredOutput === 'json_schema';
    return {
      model: req.model,
      messages: structured ? req.messages : withSchemaInstruction(req),
      temperature: req.temperature,
      // OpenAI's reasoning models refuse max_tokens; most OpenAI-compatible servers know only it.
      ...(endpoint.provider === 'openai' ? { max_completion_tokens: req.maxTokens } : { max_tokens: req.maxTokens }),
      // The same json_schema body chat.completions.parse sends; read here instead of by parse(),
      // which throws away the text and usage of a truncated or unparsable answer.
      response_format: structured ? responseFormat(req.answer) : { type: 'json_object' },
    };
  }

  /** Runs one SDK request under the call's deadline, its failures mapped once. */
  async function call<T>(
    what: string,
    options: CallOptions = {},
    run: (sdk: OpenAI, request: { signal: AbortSignal; timeout: number }) => Promise<T>,
  ) {
    const ms = options.timeoutMs ?? llm.timeoutMs;
    const { signal, expired } = deadline(ms, options.signal);
    try {
      return await run(client(), { signal, timeout: ms + SDK_TIMEOUT_MARGIN_MS });
    } catch (e) {
      if (expired()) throw new LlmCallError('timeout', `${what}: no answer within ${ms} ms`);
      throw toLlmCallError(e, what, secrets);
    }
  }

  return {
    endpoint,
    models: configuredModels(llm),

    async complete(req, options) {
      const started = performance.now();
      const completion = await call(
        `${req.role} call to ${req.model} at ${endpoint.baseUrl}`,
        options,
        (sdk, request) => sdk.chat.completions.create(body(req), request),
      );
      return {
        ...readCompletion(completion, req.answer, req.maxTokens),
        latencyMs: Math.round(performance.now() - started),
      };
    },

    async listModels(options) {
      const page = await call(`listing models at ${endpoint.baseUrl}`, options, (sdk, request) =>
        sdk.models.list(request),
      );
      return page.data.map((m) => m.id);
    },
  };
}
