// `opentrade data intel sync|list|export`: the intelligence store from the shell. `sync` runs each
// enabled provider now, in this process (what the scheduled intelSync runs on a worker).
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { IntelConfigSchema, type IntelConfig } from '../../core/config/intel-config-schema';
import { RefusedError, ValidationError } from '../../core/errors';
import {
  INTEL_SERIES,
  isProviderId,
  isSeriesId,
  UnknownProviderError,
  UnknownSeriesError,
  type IntelProviderId,
  type SeriesId,
} from '../../core/intel/series';
import { createIntelRepository } from '../../infra/adapters/db/repositories/intel';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import { createIntelProviders } from '../../infra/adapters/intel/registry';
import { syncProvider } from '../../infra/services/intel/sync-provider';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';
import { parseTimeOption, withDatabase } from './data';

const iso = (ms: number) => new Date(ms).toISOString();

function intelConfig(): IntelConfig {
  return existsSync(configPath()) ? loadConfig().intel : IntelConfigSchema.parse({});
}

function seriesOption(id: string): SeriesId {
  if (!isSeriesId(id)) throw new UnknownSeriesError(id);
  return id;
}

function limitOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new ValidationError(`--limit "${text}" is not a whole number from 1 to 100000`);
  return n;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerDataIntelCommand(data: Command): void {
  const intel = data
    .command('intel')
    .description('on-chain, sentiment, macro and news observations, stored point in time');

  intel
    .command('sync')
    .description('fetch every enabled provider now and store what it answers (the schedules do this on the worker)')
    .option(
      '--provider <id>',
      'only this provider (repeatable): fear_greed, news, mempool, blockchain, defillama, fred',
      collect,
      [],
    )
    .option('--json', 'print the outcome of each provider')
    .action(
      runAction(async (opts: { provider: string[]; json?: boolean }) => {
        for (const p of opts.provider) if (!isProviderId(p)) throw new UnknownProviderError(p);
        const config = intelConfig();
        const providers = createIntelProviders(config, process.env);
        const wanted = (opts.provider.length ? opts.provider : [...providers.keys()]) as IntelProviderId[];
        const disabled = wanted.filter((p) => !providers.has(p));
        if (disabled.length)
          throw new RefusedError(`provider ${disabled.join(', ')} is disabled in the config`, {
            hint: 'enable it with `opentrade config set intel.<id>.enabled true` (and intel.enabled)',
          });
        if (wanted.length === 0) throw new RefusedError('no intelligence provider is enabled (intel.enabled is false)');
        const outcomes = await withDatabase(async (prisma) => {
          const repo = createIntelRepository(repositoryDb({ prisma }));
          const out = [];
          for (const id of wanted)
            out.push(
              await syncProvider(
                { provider: providers.get(id)!, repo, log: (l) => process.stderr.write(`${l}\n`) },
                { backfillDays: config.backfillDays },
              ),
            );
          return out;
        });
        if (opts.json) printJson(outcomes);
        else
          for (const o of outcomes)
            printLine(
              o.ok
                ? `${o.provider.padEnd(11)} ok: ${o.observations.inserted} new, ${o.observations.revised} revised, ${o.observations.unchanged} unchanged, ${o.headlines.inserted} headlines (${o.headlines.duplicate} seen), ${o.skipped.length} skipped`
                : `${o.provider.padEnd(11)} FAILED (${o.error?.kind}): ${o.error?.message}`,
            );
        // One provider down is the normal weather; all of them down is worth a non-zero exit.
        if (outcomes.every((o) => !o.ok)) process.exitCode = 1;
      }),
    );

  intel
    .command('list')
    .description('the latest value of every series and each provider’s last sync, or one series’ points')
    .option('--series <id>', 'list the points of this series')
    .option('--from <time>', 'first period (with --series)')
    .option('--to <time>', 'last period (with --series)')
    .option('--known-by <time>', 'only what was known at this time (with --series)')
    .option('--limit <n>', 'at most this many newest points (with --series)', undefined)
    .option('--json', 'machine-readable')
    .action(
      runAction(
        async (opts: {
          series?: string;
          from?: string;
          to?: string;
          knownBy?: string;
          limit?: string;
          json?: boolean;
        }) => {
          const limit = limitOption(opts.limit, 100);
          const from = opts.from !== undefined ? parseTimeOption(opts.from, '--from') : undefined;
          const to = opts.to !== undefined ? parseTimeOption(opts.to, '--to') : undefined;
          const knownBy = opts.knownBy !== undefined ? parseTimeOption(opts.knownBy, '--known-by') : undefined;
          const seriesId = opts.series !== undefined ? seriesOption(opts.series) : undefined;
          await withDatabase(async (prisma) => {
            const repo = createIntelRepository(repositoryDb({ prisma }));
            if (seriesId) {
              const points = await repo.listObservations({ seriesId, from, to, knownBy, limit });
              if (opts.json) return printJson(points);
              if (points.length === 0)
                return printLine(`no values stored for ${seriesId}: run \`opentrade data intel sync\``);
              for (const p of points)
                printLine(`${iso(p.observedAt)}  ${String(p.value).padStart(14)}  known ${iso(p.knownAt)}`);
              return;
            }
            const [latest, runs] = await Promise.all([repo.latestBySeries(), repo.lastRuns()]);
            if (opts.json) return printJson({ series: latest, providers: runs });
            const byId = new Map(latest.map((p) => [p.seriesId, p]));
            for (const s of INTEL_SERIES) {
              const p = byId.get(s.id);
              printLine(
                `${s.id.padEnd(32)} ${p ? `${String(p.value).padStart(14)} ${s.unit.padEnd(18)} for ${iso(p.observedAt)}, known ${iso(p.knownAt)}` : '(none)'}`,
              );
            }
            for (const r of runs)
              printLine(
                `provider ${r.provider.padEnd(11)} last success ${r.lastSuccessAt ? iso(r.lastSuccessAt) : 'never'}${r.lastError ? `; last error ${r.lastErrorKind}: ${r.lastError}` : ''}`,
              );
          });
        },
      ),
    );

  intel
    .command('export')
    .description('one series as CSV or JSON, with the period and the time each value became known')
    .requiredOption('--series <id>', 'series id')
    .option('--from <time>', 'first period')
    .option('--to <time>', 'last period')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file (atomically) instead of stdout')
    .action(
      runAction(async (opts: { series: string; from?: string; to?: string; format: string; out?: string }) => {
        const seriesId = seriesOption(opts.series);
        if (opts.format !== 'csv' && opts.format !== 'json')
          throw new ValidationError(`--format "${opts.format}" is not csv or json`);
        const from = opts.from !== undefined ? parseTimeOption(opts.from, '--from') : undefined;
        const to = opts.to !== undefined ? parseTimeOption(opts.to, '--to') : undefined;
        const points = await withDatabase((prisma) =>
          createIntelRepository(repositoryDb({ prisma })).listObservations({ seriesId, from, to, limit: 100_000 }),
        );
        const text =
          opts.format === 'json'
            ? `${JSON.stringify(
                points.map((p) => ({
                  seriesId,
                  observedAt: iso(p.observedAt),
                  knownAt: iso(p.knownAt),
                  value: p.value,
                })),
                null,
                2,
              )}\n`
            : `series_id,observed_at,known_at,value\n${points.map((p) => `${seriesId},${iso(p.observedAt)},${iso(p.knownAt)},${p.value}`).join('\n')}${points.length ? '\n' : ''}`;
        if (!opts.out) return void process.stdout.write(text);
        // Written beside the target and renamed: a reader never sees half a file.
        const tmp = `${opts.out}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, opts.out);
        process.stderr.write(`wrote ${points.length} values of ${seriesId} to ${opts.out}\n`);
      }),
    );
}
