import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { NotFoundError, UnavailableError } from '../../core/errors';
import { projectRoot } from '../../infra/stack/config/paths';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';

export function installedVersion(): string {
  return JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;
}

/** -1, 0, 1 comparing two semver versions (pre-release tags sort before the release). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) < (y.nums[i] ?? 0) ? -1 : 1;
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Why a request never got an answer: the socket's own error (ENOTFOUND, ECONNREFUSED) rather than fetch's "fetch failed". */
function networkFailure(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { message?: string; code?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return err.cause?.message || err.cause?.code || err.message;
}

/**
 * The registry's latest version. A 404 is the registry answering that the package is not published
 * there, not a network failure, so the two are told apart.
 */
export async function latestVersion(registry: string, timeoutMs = 5000): Promise<string> {
  const base = registry.replace(/\/$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/opentrade/latest`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new UnavailableError(
      'the npm registry',
      `the network failed reaching ${base} (${networkFailure(e, timeoutMs)}): this machine looks offline`,
      { cause: e },
    );
  }
  if (res.status === 404)
    throw new NotFoundError(`${base} answered 404 for opentrade: the package is not published on that registry`);
  if (!res.ok) throw new UnavailableError('the npm registry', `${base} answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as { version?: string };
  if (!body.version) throw new UnavailableError('the npm registry', `${base} answered without a version`);
  return body.version;
}

export function registerUpdateCommand(program: Command): void {
  program
    .command('update')
    .description("compare the installed version with the npm registry's latest and say how to upgrade")
    .option('--registry <url>', 'npm registry', process.env.npm_config_registry ?? 'https://registry.npmjs.org')
    .option('--json', 'print {installed, latest, upToDate, checked, error}')
    .action(
      runAction(async (opts: { registry: string; json?: boolean }) => {
        const installed = installedVersion();
        let latest: string | undefined;
        let error: string | undefined;
        try {
          latest = await latestVersion(opts.registry);
        } catch (e) {
          error = (e as Error).message;
        }
        const upToDate = latest ? compareSemver(installed, latest) >= 0 : undefined;
        if (opts.json) {
          printJson({
            installed,
            latest: latest ?? null,
            upToDate: upToDate ?? null,
            checked: !!latest,
            error: error ?? null,
          });
          return;
        }
        if (!latest) {
          printLine(`installed: ${installed}; could not check for updates: ${error}`);
          return;
        }
        if (upToDate) printLine(`opentrade ${installed} is up to date (latest ${latest})`);
        else
          printLine(
            `opentrade ${latest} is available (installed ${installed}): in a checkout run \`git pull && npm ci\`; for a global install run \`npm i -g opentrade@${latest}\``,
          );
      }),
    );
}
