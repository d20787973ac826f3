// One suite in its own process (forked by bench/index.ts): its heap holds only that suite's modules
// and data, so V8's garbage collector marks no other suite's objects during its measurements.
// Protocol: argv = [suite file, wanted name or ''], result sent once over IPC as a SuiteChildReport.
import type { BenchSuite, SuiteResult } from './suite';

export type SuiteChildReport =
  | { kind: 'skipped'; name: string | null }
  | { kind: 'done'; name: string; result: SuiteResult; peakRssMb: number }
  | { kind: 'failed'; name: string | null; error: string };

function send(report: SuiteChildReport): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stderr.write('bench: run-suite-child must be forked by bench/index.ts\n');
      process.exit(2);
    }
    process.send(report, () => resolve());
  });
}

async function main(): Promise<void> {
  const [file, wanted, json] = process.argv.slice(2);
  const log = (line: string) => {
    (json === 'json' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- suites are discovered by file name
  const mod = require(file) as { default?: BenchSuite };
  const suite = mod.default;
  if (!suite || typeof suite.run !== 'function' || (wanted && suite.name !== wanted)) {
    await send({ kind: 'skipped', name: suite && typeof suite.run === 'function' ? suite.name : null });
    return;
  }
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  try {
    log(`# ${suite.name}`);
    const result = await suite.run(log);
    // resourceUsage's maxRSS is the kernel's high-water mark (KiB), catching peaks between samples.
    const peakRssMb = Math.round(
      Math.max(peakRss / 2 ** 20, process.memoryUsage().rss / 2 ** 20, process.resourceUsage().maxRSS / 1024),
    );
    await send({ kind: 'done', name: suite.name, result, peakRssMb });
  } catch (e) {
    await send({ kind: 'failed', name: suite.name, error: (e as Error).stack ?? String(e) });
  } finally {
    clearInterval(sampler);
  }
}

main()
  .catch(async (e: unknown) => {
    await send({ kind: 'failed', name: null, error: (e as Error).stack ?? String(e) });
  })
  // A suite may leave library handles behind (a Temporal runtime); its result is already sent.
  .finally(() => process.exit(0));
