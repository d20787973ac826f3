// A session's protections from what the caller gave: `--protect` specs (the CLI, one per protection)
// or a protections object (the gateway's body). Both end in the same validated ProtectionsConfig,
// so a session started either way is protected the same.
import { DomainError, ValidationError } from '../../../core/errors';
import { parseProtectionFlags, parseProtectionsConfig } from '../../../core/protections/protections-config-schema';
import type { ProtectionsConfig } from '../../../core/protections/types';

/** Undefined when no protection is configured, so the session input carries none. */
export function protectionsFromFlags(specs: readonly string[], body: unknown): ProtectionsConfig | undefined {
  if (specs.length > 0 && body !== undefined)
    throw new ValidationError('give protections either as --protect specs or as a protections object, not both', {
      field: 'protections',
    });
  let config: ProtectionsConfig;
  if (specs.length > 0) {
    try {
      config = parseProtectionFlags(specs);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // The parser names the protection and setting; the flag is this caller's to name.
      throw new ValidationError(`--protect ${e.message}`, { field: e.field ?? 'protections', hint: e.hint, cause: e });
    }
  } else {
    config = parseProtectionsConfig(body);
  }
  return Object.keys(config).length > 0 ? config : undefined;
}
