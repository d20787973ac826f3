// Endpoints that only promise JSON mode (or ignore it) wrap answers in ``` fences and prose. The
// answer is the first balanced JSON object found: a truncated or broken one is an abstention whose
// reason says which, never a guess at what the model meant.
export type Extracted = { ok: true; value: unknown } | { ok: false; reason: string };

/** The end index (exclusive) of the object opening at `start`, aware of strings; -1 if it never closes. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function tryParse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

export function extractJson(text: string): Extracted {
  const whole = tryParse(text.trim());
  if ('value' in whole) {
    if (isObject(whole.value)) return { ok: true, value: whole.value };
    return {
      ok: false,
      reason: `the answer is JSON but not an object (${Array.isArray(whole.value) ? 'an array' : typeof whole.value})`,
    };
  }
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text)?.[1];
  const body = fenced ?? text;
  let firstError: string | undefined;
  // After a candidate fails, the search resumes past it: an object nested in a broken one is not the answer.
  for (let start = body.indexOf('{'); start !== -1;) {
    const end = balancedEnd(body, start);
    if (end === -1)
      return { ok: false, reason: firstError ?? 'malformed JSON: an object is never closed (answer cut off?)' };
    const parsed = tryParse(body.slice(start, end));
    if ('value' in parsed && isObject(parsed.value)) return { ok: true, value: parsed.value };
    firstError ??= `malformed JSON: ${'error' in parsed ? parsed.error : 'not an object'}`;
    start = body.indexOf('{', end);
  }
  return { ok: false, reason: firstError ?? 'no JSON object in the answer' };
}
