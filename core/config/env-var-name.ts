import { z } from 'zod';

/** Secrets are never in the config: only the names of the environment variables that hold them. */
export const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name like BINANCE_API_KEY (upper case, digits, _)');
