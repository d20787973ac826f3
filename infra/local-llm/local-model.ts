// One GGUF model loaded through node-llama-cpp, answering chat requests. One context holds
// `sequences` sequences; each runs one generation at a time, and a request waits for a free one.
// That wait is the only scheduling here: the sequences of one context are evaluated in one batch by
// node-llama-cpp, which is where concurrency pays on a CPU.
import { availableParallelism } from 'node:os';
import type { ChatHistoryItem, Llama, LlamaChat, LlamaContext, LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp';
import type { LocalModelConfig } from '../../core/config/llm-config-schema';
import { RefusedError, ValidationError } from '../../core/errors';
import type { ChatMessage, ChatRequest } from './chat-request';
import { grammarSchema } from './grammar-schema';
import { checkModelFile } from './model-file';

/**
 * With no grammar-aware cut the sampler checks the grammar against the whole vocabulary at every
 * token; bounding the candidates keeps a schema answer to about a second on a small model.
 */
const GRAMMAR_TOP_K = 40;

export interface Generation {
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

interface Slot {
  chat: LlamaChat;
}

export interface LocalModel {
  readonly modelPath: string;
  readonly contextSize: number;
  readonly sequences: number;
  readonly threads: number;
  /** Generations running now. */
  busy(): number;
  generate(request: ChatRequest, signal: AbortSignal): Promise<Generation>;
  close(): Promise<void>;
}

/** Half the cores by default: llama.cpp spins its threads, and the worker and databases need CPU too. */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

function historyOf(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) => {
    if (m.role === 'assistant') return { type: 'model', response: [m.content] };
    return { type: m.role === 'user' ? 'user' : 'system', text: m.content };
  });
  history.push({ type: 'model', response: [] });
  return history;
}

export async function loadLocalModel(o: {
  modelPath: string;
  config: Pick<LocalModelConfig, 'contextSize' | 'sequences' | 'threads'>;
  log?: (line: string) => void;
}): Promise<LocalModel> {
  checkModelFile(o.modelPath);
  const threads = o.config.threads ?? defaultThreads();
  // An ES module with top-level await: a CommonJS process can only import() it (tsx keeps import() as is).
  const { getLlama, LlamaChat, LlamaLogLevel } = await import('node-llama-cpp');
  // Prebuilt CPU binaries only: building llama.cpp needs a toolchain and minutes.
  const llama: Llama = await getLlama({
    gpu: false,
    build: 'never',
    maxThreads: threads,
    logLevel: LlamaLogLevel.error,
  });
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: o.modelPath });
  } catch (e) {
    await llama.dispose();
    throw new RefusedError(`the model file ${o.modelPath} cannot be loaded: ${(e as Error).message}`, {
      hint: 'the file may be truncated or of an architecture this llama.cpp does not know; download it again',
      cause: e,
    });
  }
  const trained = model.trainContextSize;
  if (o.config.contextSize > trained) {
    await model.dispose();
    await llama.dispose();
    throw new RefusedError(
      `llm.local.contextSize ${o.config.contextSize} is more than the model was trained for (${trained} tokens)`,
      { hint: `set llm.local.contextSize to ${trained} or less` },
    );
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: o.config.contextSize,
      sequences: o.config.sequences,
      threads,
    });
  } catch (e) {
    await model.dispose();
    await llama.dispose();
    throw new RefusedError(`no context of ${o.config.contextSize} tokens fits in memory: ${(e as Error).message}`, {
      hint: 'lower llm.local.contextSize or llm.local.sequences',
      cause: e,
    });
  }

  const free: Slot[] = [];
  for (let i = 0; i < o.config.sequences; i++)
    free.push({ chat: new LlamaChat({ contextSequence: context.getSequence() }) });
  const waiting: ((slot: Slot) => void)[] = [];
  let running = 0;

  const acquire = (signal: AbortSignal) =>
    new Promise<Slot>((resolve, reject) => {
      const slot = free.pop();
      if (slot) return resolve(slot);
      const take = (s: Slot) => {
        signal.removeEventListener('abort', gone);
        resolve(s);
      };
      const gone = () => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', gone, { once: true });
      waiting.push(take);
    });
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };

  const grammars = new Map<string, Promise<LlamaGrammar>>();
  function grammarFor(format: ChatRequest['response_format']): Promise<LlamaGrammar> | undefined {
    if (!format || format.type === 'text') return undefined;
    const key = format.type === 'json_object' ? 'json' : JSON.stringify(format.json_schema.schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar =
        format.type === 'json_object'
          ? llama.getGrammarFor('json')
          : llama.createGrammarForJsonSchema(grammarSchema(format.json_schema.schema) as never);
      grammars.set(key, grammar);
      // A schema the grammar engine refuses is the request's fault: forget it, so the next differs.
      grammar.catch(() => grammars.delete(key));
    }
    return grammar;
  }

  function promptTokens(chat: LlamaChat, history: ChatHistoryItem[]): Token[] {
    return chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
  }

  return {
    modelPath: o.modelPath,
    contextSize: context.contextSize,
    sequences: o.config.sequences,
    threads,
    busy: () => running,

    async generate(request, signal) {
      let grammar: LlamaGrammar | undefined;
      try {
        grammar = await grammarFor(request.response_format);
      } catch (e) {
        throw new ValidationError(
          `the response_format schema cannot be turned into a grammar: ${(e as Error).message}`,
          {
            field: 'response_format',
          },
        );
      }
      const slot = await acquire(signal);
      running += 1;
      try {
        const history = historyOf(request.messages);
        const prompt = promptTokens(slot.chat, history).length;
        const room = context.contextSize - prompt;
        const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? room;
        if (room <= 0 || maxTokens > room)
          throw new ValidationError(
            `the context holds ${context.contextSize} tokens, but the prompt takes ${prompt} and the answer may take ${maxTokens}`,
            {
              field: 'messages',
              hint: 'raise llm.local.contextSize, shorten the prompt or lower max_tokens (llm.maxTokens)',
            },
          );
        const meter = slot.chat.sequence.tokenMeter;
        const before = meter.usedOutputTokens;
        const stop = request.stop == null ? undefined : [request.stop].flat();
        const penalties =
          request.frequency_penalty || request.presence_penalty
            ? {
                frequencyPenalty: request.frequency_penalty ?? undefined,
                presencePenalty: request.presence_penalty ?? undefined,
              }
            : false;
        const r = await slot.chat.generateResponse(history, {
          grammar,
          maxTokens,
          temperature: request.temperature ?? 1,
          topP: request.top_p ?? undefined,
          topK: grammar ? GRAMMAR_TOP_K : undefined,
          seed: request.seed ?? undefined,
          repeatPenalty: penalties,
          customStopTriggers: stop,
          signal,
        });
        return {
          text: r.response,
          finishReason: r.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
          promptTokens: prompt,
          completionTokens: meter.usedOutputTokens - before,
        };
      } finally {
        running -= 1;
        release(slot);
      }
    },

    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
