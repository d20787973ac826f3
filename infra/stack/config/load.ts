import { existsSync, readFileSync } from 'node:fs';
import { ConfigSchema, type OpenTradeConfig } from '../../../core/config/schema';
import { formatConfigIssues } from '../../../core/config/issues';
import { NotFoundError, ValidationError } from '../../../core/errors';
import { writeFileAtomic } from './atomic-write';
import { configPath } from './paths';

export function readRawConfig(file = configPath()): Record<string, unknown> {
  if (!existsSync(file)) {
    throw new NotFoundError(`no config file at ${file}`, {
      hint: 'run `opentrade init` (or set OPENTRADE_CONFIG to the file to use)',
    });
  }
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('top level must be an object');
    return raw;
  } catch (e) {
    throw new ValidationError(`config file ${file} is not valid JSON: ${(e as Error).message}`, {
      hint: 'fix the file or recreate it with `opentrade init --force`',
    });
  }
}

export function validateConfig(raw: unknown, file = configPath()): OpenTradeConfig {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = formatConfigIssues(parsed.error);
    throw new ValidationError(`invalid config ${file}: ${issues.join('; ')}`, {
      hint: 'fix it with `opentrade config set <path> <value>`',
    });
  }
  return parsed.data;
}

export function loadConfig(file = configPath()): OpenTradeConfig {
  return validateConfig(readRawConfig(file), file);
}

/** Validates, then writes atomically: an invalid config never reaches the disk. */
export function saveConfig(config: unknown, file = configPath()): OpenTradeConfig {
  const valid = validateConfig(config, file);
  writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
  return valid;
}
