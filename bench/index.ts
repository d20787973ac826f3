// `npm run bench [-- --json] [-- --suite NAME]`: runs every suite file in bench/ (each default-exports
// a BenchSuite), one after another in this process, and reports candles/s and peak memory.
import fs from 'node:fs';
import path from 'node:path';
import type { BenchScenario, BenchSuite, SuiteResult } from './lib/suite';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
  const log = (line: string) => {
    // With --json, stdout carries only the result object.
    (json ? process.stderr : process.stdout).write(`${line}\n`);
  };

  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .sort();
  const suites: BenchSuite[] = [];
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- suites are discovered by file name
    const mod = require(path.join(__dirname, f)) as { default?: BenchSuite };
    if (mod.default && typeof mod.default.run === 'function') suites.push(mod.default);
  }
  const selected = only ? suites.filter((s) => s.name === only) : suites;
  if (selected.length === 0) {
    process.stderr.write(`bench: no suite${only ? ` named "${only}"` : ''}; suites: ${suites.map((s) => s.name).join(', ')}\n`);
    process.exit(1);
  }

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const results: Record<string, SuiteResult> = {};
  let baseline: SuiteResult['baseline'];
  const scenarios: (BenchScenario & { suite: string })[] = [];
  for (const s of selected) {
    log(`# ${s.name}`);
    const r = await s.run(log);
    results[s.name] = r;
    baseline ??= r.baseline;
    for (const sc of r.scenarios) scenarios.push({ ...sc, suite: s.name });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  clearInterval(sampler);
  // resourceUsage's maxRSS is the kernel's high-water mark (KiB), catching peaks between samples.
  const peakRssMb = Math.round(Math.max(peakRss / 2 ** 20, process.resourceUsage().maxRSS / 1024));
  const out = { baseline: baseline ?? null, scenarios, peakRssMb, node: process.version };
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  else log(`peak RSS ${peakRssMb} MB`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
