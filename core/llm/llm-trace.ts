// What the history carries of a model call: a reference to its audit record and a summary (model,
// tokens, cost, latency, cache hit), never the prompt or the answer in full.
export interface LlmTrace {
  /** The LlmCall record's id: the dashboard opens the exact prompt and answer from it. */
  callId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
}

export function traceLine(role: string, t: LlmTrace, reasoning?: string): string {
  const first = reasoning ? ` · ${firstLine(reasoning)}` : '';
  return `${role}: ${t.model} · ${t.promptTokens}+${t.completionTokens} tokens · $${t.costUsd.toFixed(4)}${t.cached ? ' (cached)' : ''}${first}`;
}

export function firstLine(text: string, max = 120): string {
  const line = text.split(/\r?\n|(?<=\.)\s/)[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
