import path from 'node:path';
import type { Strategy } from './strategy';
import { StrategyLoadError } from './strategy-errors';

function isStrategy(x: unknown): x is Strategy<any> {
  const s = x as Partial<Strategy<any>> | null;
  return (
    !!s &&
    typeof s.id === 'string' &&
    typeof s.version === 'string' &&
    typeof s.create === 'function' &&
    typeof (s.paramsSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function' &&
    !!s.defaults &&
    typeof s.defaults === 'object'
  );
}

/**
 * Loads a user strategy module (`.ts` works when running under tsx, `.js` always): its default
 * export or an export named `strategy` must satisfy the Strategy contract.
 */
export function loadStrategyFile(file: string): Strategy<any> {
  const abs = path.resolve(file);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- user code is loaded at run time by path
    mod = require(abs) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(abs))
      throw new StrategyLoadError(file, 'file not found');
    throw new StrategyLoadError(file, `failed to load: ${(e as Error).message.split('\n')[0]}`);
  }
  const candidate = [mod.default, mod.strategy, mod].find(isStrategy);
  if (!candidate) {
    throw new StrategyLoadError(
      file,
      'must export (default or as `strategy`) an object with id, version, paramsSchema (zod object), defaults and create(params)',
    );
  }
  return candidate;
}

export function looksLikeStrategyPath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.(c|m)?(t|j)s$/.test(spec);
}
