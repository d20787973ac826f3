import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { envFilePath } from '../infra/stack/config/paths';
import { installedVersion } from './commands/update';
import { reportError } from './util/run-action';

// Secrets live in the environment or .env beside the config, never in the config file.
const envFile = envFilePath();
if (existsSync(envFile)) loadDotenv({ path: envFile, quiet: true });

type Register = (program: Command) => void;

/* eslint-disable @typescript-eslint/no-require-imports -- synchronous lazy loading is the point of this table */

/**
 * Every command, loaded on demand: a command's module may pull in Temporal, Prisma or ccxt, so
 * `opentrade config get` should not pay for `opentrade plugin list`'s imports.
 */
const COMMANDS: Record<string, () => Register> = {
  init: () => require('./commands/init').registerInitCommand,
  setup: () => require('./commands/setup').registerSetupCommand,
  up: () => require('./commands/up').registerUpCommand,
  worker: () => require('./commands/worker').registerWorkerCommand,
  gateway: () => (program) => {
    const { registerGatewayCommand } = require('./commands/gateway');
    const { loadConfig } = require('../infra/stack/config/load');
    const { resolveEndpoints } = require('../infra/stack/config/endpoints');
    const { buildHealthProbes } = require('../infra/stack/health/probes');
    registerGatewayCommand(program, {
      loadConfig,
      buildHealthProbes: (config: any) => buildHealthProbes(config, resolveEndpoints(config)),
      redisUrl: (config: any) => resolveEndpoints(config).redisUrl,
      endpoints: (config: any) => resolveEndpoints(config),
    });
  },
  config: () => require('./commands/config').registerConfigCommand,
  doctor: () => require('./commands/doctor').registerDoctorCommand,
  update: () => require('./commands/update').registerUpdateCommand,
  backtest: () => require('./commands/backtest').registerBacktestCommand,
  trade: () => require('./commands/trade').registerTradeCommand,
  plugin: () => require('./commands/plugin').registerPluginCommand,
  data: () => require('./commands/data').registerDataCommand,
  strategy: () => require('./commands/strategy').registerStrategyCommand,
  llm: () => require('./commands/llm').registerLlmCommand,
  notify: () => require('./commands/notify').registerNotifyCommand,
  telegram: () => require('./commands/telegram').registerTelegramCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The command word in argv (skipping options), or undefined for bare `opentrade` / `--help`. */
function requestedCommand(argv: string[]): string | undefined {
  return argv.slice(2).find((a) => !a.startsWith('-'));
}

export function buildProgram(argv: string[] = process.argv): Command {
  const program = new Command();
  program
    .name('opentrade')
    .description('OpenTrade: durable AI crypto trading on Temporal — trade, backtest and evolve strategies')
    .version(installedVersion(), '-v, --version')
    // Usage errors are one line too: what was wrong, and where to look.
    .configureOutput({
      outputError: (str, write) =>
        write(
          `opentrade: ${str
            .replace(/^error: /, '')
            .trim()
            .replace(/\n+/g, ' ')} (see --help)\n`,
        ),
    });

  const wanted = requestedCommand(argv);
  const load = wanted && wanted !== 'help' && COMMANDS[wanted] ? [wanted] : Object.keys(COMMANDS);
  for (const name of load) COMMANDS[name]()(program);
  return program;
}

export function main(argv = process.argv): void {
  buildProgram(argv).parseAsync(argv).catch(reportError);
}

if (require.main === module) main();
