// The config's secrets. Credentials live in env vars the config only names, so the gateway token is
// the one secret the file itself holds; every way the config leaves the process goes through here.
import { getPath, setPath } from './dotted-path';
import type { OpenTradeConfig } from './schema';

export const REDACTED = '<redacted>';

/** The dotted paths whose values are secrets. */
export const SECRET_CONFIG_PATHS: readonly string[] = ['gateway.token'];

/** A copy with every secret that is set replaced by `<redacted>`; the input is left as it was. */
export function redactConfig<T extends Partial<OpenTradeConfig>>(config: T): T {
  return SECRET_CONFIG_PATHS.reduce(
    (out, path) => (getPath(out, path) === undefined ? out : setPath(out, path, REDACTED)),
    config,
  );
}
