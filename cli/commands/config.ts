import type { Command } from 'commander';
import { flatten, getPath, parseCliValue, setPath } from '../../core/config/dotted-path';
import { loadConfig, readRawConfig, saveConfig, validateConfig } from '../../infra/stack/config/load';
import { channelEnvIssues } from '../../core/notify/channel-env';
import { configPath } from '../../infra/stack/config/paths';
import { redactConfig } from '../../core/config/redact-config';
import { ConfigSchema, type OpenTradeConfig } from '../../core/config/schema';
import { formatConfigIssues } from '../../core/config/issues';
import { NotFoundError, ValidationError } from '../../core/errors';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

const REVEAL = '--reveal';

/**
 * A refused `set` names the value and the rule it breaks and says the file is untouched; a rule
 * broken elsewhere in the file is reported as the file's own problem, not the value's.
 */
function refuseInvalidValue(next: unknown, path: string, raw: string, file: string): void {
  const parsed = ConfigSchema.safeParse(next);
  if (parsed.success) return;
  const issues = formatConfigIssues(parsed.error);
  const own = issues.filter((i) => i === path || i.startsWith(`${path}:`) || i.startsWith(`${path}.`));
  if (own.length)
    throw new ValidationError(`not set: ${path} = ${raw} is refused (${own.join('; ')}); ${file} is unchanged`, {
      field: path,
    });
  throw new ValidationError(
    `not set: ${path} = ${raw} is valid, but ${file} breaks other rules (${issues.join('; ')}); the file is unchanged`,
    { hint: 'fix those paths first with `opentrade config set <path> <value>`' },
  );
}

/** The config as `get` and `list` show it: secrets redacted unless revealed, on a terminal only. */
function shownConfig(config: OpenTradeConfig, reveal: boolean | undefined): OpenTradeConfig {
  if (!reveal) return redactConfig(config);
  // Piped or captured output ends up in logs and scrollback a person never sees.
  if (!process.stdout.isTTY)
    throw new ValidationError(`${REVEAL} prints secrets and works only when the output is a terminal`, {
      field: 'reveal',
      hint: 'run it in an interactive terminal, or leave out --reveal',
    });
  return config;
}

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description('read, change and validate opentrade.config.json with dotted paths (risk.max_leverage)');

  config
    .command('get <path>')
    .description('print the value at a dotted path (defaults applied)')
    .option('--json', 'print as JSON')
    .option(REVEAL, 'print secrets (the gateway token) instead of <redacted>; on a terminal only')
    .action(
      runAction((path: string, opts: { json?: boolean; reveal?: boolean }) => {
        const shown = getPath(shownConfig(loadConfig(), opts.reveal), path);
        if (shown === undefined)
          throw new NotFoundError(`no config value at "${path}"`, {
            hint: 'list the paths with `opentrade config list`',
          });
        if (opts.json || typeof shown === 'object') printJson(shown);
        else printLine(String(shown));
      }),
    );

  config
    .command('set <path> <value>')
    .description(
      'set a value (parsed as JSON when it parses, else a string); refused with the rule it breaks if invalid',
    )
    .action(
      runAction((path: string, raw: string) => {
        const file = configPath();
        const next = setPath(readRawConfig(file), path, parseCliValue(raw));
        refuseInvalidValue(next, path, raw, file);
        saveConfig(next, file);
        printLine(`${path} = ${JSON.stringify(getPath(redactConfig(next), path))}`);
      }),
    );

  config
    .command('list')
    .description('every setting as path = value (defaults applied)')
    .option('--json', 'print the whole config as JSON')
    .option(REVEAL, 'print secrets (the gateway token) instead of <redacted>; on a terminal only')
    .action(
      runAction((opts: { json?: boolean; reveal?: boolean }) => {
        const cfg = shownConfig(loadConfig(), opts.reveal);
        if (opts.json) {
          printJson(cfg);
          return;
        }
        for (const [p, v] of flatten(cfg)) printLine(`${p} = ${JSON.stringify(v)}`);
      }),
    );

  config
    .command('validate')
    .description('check the config file against the schema')
    .option('--json', 'print {valid, file, errors}')
    .action(
      runAction((opts: { json?: boolean }) => {
        const file = configPath();
        try {
          const cfg = validateConfig(readRawConfig(file), file);
          // Secrets live in the environment: a channel naming an unset variable cannot send.
          const unset = channelEnvIssues(cfg.notifications, process.env);
          if (unset.length)
            throw new ValidationError(`invalid config ${file}: ${unset.join('; ')}`, {
              hint: 'export the variable (or fix the name in the config) in the environment the worker runs in',
            });
        } catch (e) {
          if (opts.json) {
            printJson({ valid: false, file, error: (e as Error).message });
            process.exit(1);
          }
          throw e;
        }
        if (opts.json) printJson({ valid: true, file });
        else printLine(`${file}: valid`);
      }),
    );
}
