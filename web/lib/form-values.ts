/** Optional number from a form field: '' → undefined, anything else → Number (NaN goes to the gateway, which names the field). */
export function optionalNumber(value: FormDataEntryValue | null): number | undefined {
  const s = typeof value === 'string' ? value.trim() : '';
  return s === '' ? undefined : Number(s);
}

/** A JSON object typed into a textarea; throws a message naming the field. */
export function optionalJsonObject(
  value: FormDataEntryValue | null,
  field: string,
): Record<string, unknown> | undefined {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch (e) {
    throw new Error(`${field}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${field}: must be a JSON object like {"fast": 9}`);
  return parsed as Record<string, unknown>;
}

export function text(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** "BTC/USDT, ETH/USDT" → ['BTC/USDT', 'ETH/USDT']. */
export function list(value: FormDataEntryValue | null): string[] {
  return text(value)
    .split(/[,\s]+/)
    .filter(Boolean);
}

/** Several text fields at once, by name. */
export function texts<K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, text(form.get(n))])) as Record<K, string>;
}

/** Several optional number fields at once, by name (see optionalNumber). */
export function optionalNumbers<K extends string>(form: FormData, names: readonly K[]): Record<K, number | undefined> {
  return Object.fromEntries(names.map((n) => [n, optionalNumber(form.get(n))])) as Record<K, number | undefined>;
}
