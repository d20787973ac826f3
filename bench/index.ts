// `npm run bench [-- --json] [-- --suite NAME]`: runs every suite file in bench/ (each default-exports
// a BenchSuite), one after another, each in its own child process (bench/lib/run-suite-child.ts), and
// reports candles/s and peak memory. A separate process per suite keeps one suite's modules and data
// out of another's heap, so each is measured with only its own objects for V8's GC to mark.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SuiteChildReport } from './lib/run-suite-child';
import type { BenchScenario, SuiteResult } from './lib/suite';

const CHILD = path.join(__dirname, 'lib', 'run-suite-child.ts');

function runChild(file: string, wanted: string, json: boolean): Promise<SuiteChildReport> {
  return new Promise((resolve, reject) => {
    // fork passes this process's execArgv on, i.e. tsx's loader, so the child runs TypeScript too.
    const child = fork(CHILD, [file, wanted, json ? 'json' : 'text'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: SuiteChildReport | undefined;
    child.on('message', (m) => {
      report = m as SuiteChildReport;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report) resolve(report);
      else
        reject(
          new Error(`suite process for ${path.basename(file)} exited (${signal ?? `code ${code}`}) without a result`),
        );
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;

  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .sort();
  // A suite is usually named after its file: try that file first, so `--suite NAME` starts one process.
  if (only) files.sort((a, b) => Number(b === `${only}.ts`) - Number(a === `${only}.ts`));

  const names: string[] = [];
  let peakRssMb = 0;
  let baseline: SuiteResult['baseline'];
  const scenarios: (BenchScenario & { suite: string })[] = [];
  let ran = 0;
  for (const f of files) {
    const r = await runChild(path.join(__dirname, f), only ?? '', json);
    if (r.name) names.push(r.name);
    if (r.kind === 'failed') throw new Error(`suite ${r.name ?? f}: ${r.error}`);
    if (r.kind === 'skipped') continue;
    ran++;
    peakRssMb = Math.max(peakRssMb, r.peakRssMb);
    baseline ??= r.result.baseline;
    for (const sc of r.result.scenarios) scenarios.push({ ...sc, suite: r.name });
    if (only) break;
  }
  if (ran === 0) {
    process.stderr.write(`bench: no suite${only ? ` named "${only}"` : ''}; suites: ${names.join(', ')}\n`);
    process.exit(1);
  }
  // The highest of the suite processes' high-water marks: each suite runs alone in its process.
  const out = { baseline: baseline ?? null, scenarios, peakRssMb, node: process.version };
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else process.stdout.write(`peak RSS ${peakRssMb} MB\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
