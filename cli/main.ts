import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { registerConfigCommand } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerGatewayCommand } from './commands/gateway';
import { registerInitCommand } from './commands/init';
import { registerSetupCommand } from './commands/setup';
import { registerUpCommand } from './commands/up';
import { registerUpdateCommand } from './commands/update';
import { installedVersion } from './commands/update';
import { registerWorkerCommand } from './commands/worker';
import { reportError } from './util/run-action';
import { loadConfig } from '../infra/config/load';
import { resolveEndpoints } from '../infra/config/endpoints';
import { buildHealthProbes } from '../infra/health/probes';

// Secrets live in the environment or .env beside the config, never in the config file.
const envFile = path.resolve(process.env.OPENTRADE_ENV_FILE ?? '.env');
if (existsSync(envFile)) loadDotenv({ path: envFile, quiet: true });

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('opentrade')
    .description('OpenTrade: durable AI crypto trading on Temporal — trade, backtest and evolve strategies')
    .version(installedVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`opentrade: ${str.replace(/^error: /, '').trim()}\n`) });

  registerInitCommand(program);
  registerSetupCommand(program);
  registerUpCommand(program);
  registerWorkerCommand(program);
  registerGatewayCommand(program, {
    loadConfig,
    buildHealthProbes: (config) => buildHealthProbes(config, resolveEndpoints(config)),
    redisUrl: (config) => resolveEndpoints(config).redisUrl,
  });
  registerConfigCommand(program);
  registerDoctorCommand(program);
  registerUpdateCommand(program);
  return program;
}

export function main(argv = process.argv): void {
  buildProgram().parseAsync(argv).catch(reportError);
}

if (require.main === module) main();
