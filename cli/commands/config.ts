import type { Command } from 'commander';
import { flatten, getPath, parseCliValue, setPath } from '../../core/config/dotted-path';
import { loadConfig, readRawConfig, saveConfig, validateConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { NotFoundError } from '../../core/errors';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

const SECRET_PATHS = new Set(['gateway.token']);
const redact = (path: string, value: unknown, show: boolean) =>
  SECRET_PATHS.has(path) && !show ? '<redacted>' : value;

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description('read, change and validate opentrade.config.json with dotted paths (risk.max_leverage)');

  config
    .command('get <path>')
    .description('print the value at a dotted path (defaults applied)')
    .option('--json', 'print as JSON')
    .option('--show-secrets', 'print the gateway token instead of <redacted>')
    .action(
      runAction((path: string, opts: { json?: boolean; showSecrets?: boolean }) => {
        const value = getPath(loadConfig(), path);
        if (value === undefined)
          throw new NotFoundError(`no config value at "${path}"`, {
            hint: 'list the paths with `opentrade config list`',
          });
        const shown = redact(path, value, !!opts.showSecrets);
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
        saveConfig(next, file);
        printLine(`${path} = ${JSON.stringify(redact(path, getPath(next, path), false))}`);
      }),
    );

  config
    .command('list')
    .description('every setting as path = value (defaults applied)')
    .option('--json', 'print the whole config as JSON')
    .option('--show-secrets', 'print the gateway token instead of <redacted>')
    .action(
      runAction((opts: { json?: boolean; showSecrets?: boolean }) => {
        const cfg = loadConfig();
        const rows = flatten(cfg).map(([p, v]) => [p, redact(p, v, !!opts.showSecrets)] as const);
        if (opts.json) {
          printJson(opts.showSecrets ? cfg : { ...cfg, gateway: { ...cfg.gateway, token: '<redacted>' } });
          return;
        }
        for (const [p, v] of rows) printLine(`${p} = ${JSON.stringify(v)}`);
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
          validateConfig(readRawConfig(file), file);
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
