// Dotted paths (`risk.max_leverage`, `exchanges.0.sandbox`) over plain JSON objects.
import { ValidationError } from '../errors';

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Returns a deep copy of obj with the value at path replaced; intermediate objects are created. */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = splitPath(path);
  const root: any = structuredClone(obj);
  let cur = root;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      cur[key] = value;
      return;
    }
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    cur = cur[key];
  });
  return root;
}

export function splitPath(path: string): string[] {
  const keys = path.split('.');
  if (path.trim() === '' || keys.some((k) => k === '')) {
    throw new ValidationError(`invalid config path "${path}"`, {
      hint: 'use dotted keys like risk.max_leverage or exchanges.0.id',
    });
  }
  return keys;
}

/** Parses a CLI value: JSON when it parses (numbers, booleans, arrays, objects, quoted strings), else the raw string. */
export function parseCliValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Every leaf of obj as [dotted path, value]. */
export function flatten(obj: unknown, prefix = ''): [string, unknown][] {
  if (obj === null || typeof obj !== 'object') return [[prefix, obj]];
  const entries = Object.entries(obj as Record<string, unknown>);
  if (entries.length === 0) return [[prefix, obj]];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
