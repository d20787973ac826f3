import type { Command } from 'commander';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { dataDir } from '../../infra/stack/config/paths';
import { runAllChecks } from '../../infra/stack/doctor/checks';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'check Node, the temporal CLI, Temporal, PostgreSQL + migrations, Redis, config, credentials, LLM endpoint and disk; exits non-zero when a required check fails',
    )
    .option('--json', 'print {ok, checks:[{name, status, detail, fix, required}]}')
    .action(
      runAction(async (opts: { json?: boolean }) => {
        const checks = await runAllChecks((c) => resolveEndpoints(c), dataDir());
        const healthy = !checks.some((c) => c.status === 'fail' && c.required);
        if (opts.json) printJson({ ok: healthy, checks });
        else {
          for (const c of checks) {
            printLine(
              `${c.status.padEnd(4)}  ${c.name.padEnd(22)} ${c.detail}${c.status !== 'ok' && c.fix ? `\n      fix: ${c.fix}` : ''}`,
            );
          }
          printLine(healthy ? '\nall required checks passed' : '\nsome required checks failed');
        }
        if (!healthy) process.exitCode = 1;
      }),
    );
}
