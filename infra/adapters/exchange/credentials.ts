// Credentials are configured as environment variable *names*; the values are read here, in the
// process that talks to the venue, and never logged or put in an error.
import type { ExchangeConfig } from '../../../core/config/schema';
import { ExchangeError } from '../../../core/exchange/types';

export interface ExchangeCredentials {
  apiKey?: string;
  secret?: string;
  password?: string;
  walletAddress?: string;
  privateKey?: string;
}

export function readCredentials(config: ExchangeConfig, env: NodeJS.ProcessEnv): ExchangeCredentials {
  const out: ExchangeCredentials = {};
  const missing: string[] = [];
  for (const [field, varName] of Object.entries(config.credentials ?? {}) as [
    keyof ExchangeCredentials,
    string | undefined,
  ][]) {
    if (!varName) continue;
    const value = env[varName];
    if (value === undefined || value === '') missing.push(`${field} (env ${varName})`);
    else out[field] = value;
  }
  if (missing.length > 0) {
    throw new ExchangeError(
      'authentication',
      config.id,
      `exchange "${config.id}": credentials not set in the environment: ${missing.join(', ')}`,
    );
  }
  return out;
}
