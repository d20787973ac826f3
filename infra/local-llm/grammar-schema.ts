// A response_format JSON Schema as llama.cpp's grammar engine can take it. The engine expands a
// bounded repetition into one rule per step and refuses long ones, so a string's maxLength above
// MAX_GRAMMAR_STRING is lowered to it: the answer stays valid under the schema asked for, and the
// caller checks the full schema anyway. Keywords the grammar cannot express (number ranges) pass
// through and are checked by the caller.

/** The longest string bound the grammar spells out; longer bounds are lowered to it. */
export const MAX_GRAMMAR_STRING = 300;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function adapt(node: Json): Json {
  if (Array.isArray(node)) return node.map(adapt);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'maxLength' && typeof value === 'number') out[key] = Math.min(value, MAX_GRAMMAR_STRING);
    else out[key] = adapt(value);
  }
  return out;
}

export function grammarSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return adapt(schema as Json) as Record<string, unknown>;
}
