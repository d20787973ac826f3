import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config/paths';
import { isPortOpen } from './net';
import type { ChildSpec } from './supervisor';

const webDir = path.join(projectRoot, 'web');
const nextDir = path.join(webDir, '.next');
/** Next's self-contained server (web/next.config.ts: output 'standalone', traced from the repository root). */
const standaloneDir = path.join(nextDir, 'standalone', 'web');
export const standaloneServer = path.join(standaloneDir, 'server.js');

function resolveNext(): string | undefined {
  try {
    return require.resolve('next/dist/bin/next', { paths: [webDir, projectRoot] });
  } catch {
    return undefined;
  }
}

const buildId = (dir: string) => {
  try {
    return readFileSync(path.join(dir, 'BUILD_ID'), 'utf8').trim();
  } catch {
    return undefined;
  }
};

/**
 * The standalone server with the assets Next leaves out of it (.next/static, public), from the same
 * build as web/.next when that is there too (the installed package ships only the standalone tree).
 */
export function standaloneIsComplete(): boolean {
  if (!existsSync(standaloneServer) || !existsSync(path.join(standaloneDir, '.next', 'static'))) return false;
  const outer = buildId(nextDir);
  return outer === undefined || outer === buildId(path.join(standaloneDir, '.next'));
}

/** Copies .next/static and public next to the standalone server, as Next's docs for standalone say. */
function completeStandalone(): boolean {
  if (standaloneIsComplete()) return true;
  if (!existsSync(standaloneServer) || !existsSync(path.join(nextDir, 'static'))) return false;
  try {
    cpSync(path.join(nextDir, 'static'), path.join(standaloneDir, '.next', 'static'), { recursive: true });
    if (existsSync(path.join(webDir, 'public')))
      cpSync(path.join(webDir, 'public'), path.join(standaloneDir, 'public'), { recursive: true });
  } catch {
    return false; // a read-only install: `next start` serves the same build
  }
  return standaloneIsComplete();
}

export function webIsBuilt(): boolean {
  return existsSync(path.join(nextDir, 'BUILD_ID')) || standaloneIsComplete();
}

/** `next build`, once; the dashboard is served prebuilt because `next dev` is slow and heavy. */
export function buildWeb(env: NodeJS.ProcessEnv, log: (l: string) => void): void {
  const next = resolveNext();
  if (!next || !existsSync(path.join(webDir, 'app'))) {
    throw new Error(
      `the dashboard is not built in ${webDir} and cannot be built here (no Next.js sources or no next package); run \`opentrade up --no-web\`, or reinstall a package built with \`npm pack\``,
    );
  }
  log('building the dashboard (first run only; about a minute)');
  const r = spawnSync(process.execPath, [next, 'build'], {
    cwd: webDir,
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(
      `dashboard build failed:\n${r.stdout?.toString().slice(-2000)}${r.stderr?.toString().slice(-2000)}`,
    );
  }
  completeStandalone();
}

/** The newest modification time among the dashboard's sources (what `next build` reads). */
function newestSourceMs(): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['app', 'lib', 'public', 'next.config.ts', 'package.json', 'tsconfig.json'])
    visit(path.join(webDir, p));
  return newest;
}

/**
 * `npm pack`'s prepack: the package ships the standalone server, so it must be built, current and
 * complete before the tarball is made (a build newer than every source is reused: `npm run setup` makes one).
 */
export function prepareWebForPack(log: (l: string) => void = (l) => process.stderr.write(`[prepack] ${l}\n`)): void {
  const built = path.join(standaloneDir, '.next', 'BUILD_ID');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSourceMs()) buildWeb(process.env, log);
  if (!completeStandalone()) throw new Error(`the dashboard's standalone server in ${standaloneDir} is incomplete`);
  log(
    `dashboard: ${path.relative(projectRoot, standaloneServer)} (build ${buildId(path.join(standaloneDir, '.next'))})`,
  );
}

/**
 * The dashboard's server: Next's standalone server.js when the build has it (always in the
 * installed package, which has no `next` of its own), else `next start` in the web workspace.
 */
export function webServerSpec(o: { port: number; env: NodeJS.ProcessEnv }): ChildSpec {
  const env = { ...o.env, NEXT_TELEMETRY_DISABLED: '1' };
  const common = { name: 'web', ready: () => isPortOpen(o.port), readyTimeoutMs: 60_000 };
  if (completeStandalone()) {
    return {
      ...common,
      command: process.execPath,
      args: [standaloneServer],
      cwd: standaloneDir,
      env: { ...env, PORT: String(o.port), HOSTNAME: '127.0.0.1', NODE_ENV: 'production' },
    };
  }
  const next = resolveNext();
  if (!next) throw new Error(`cannot serve the dashboard: no standalone build in ${standaloneDir} and no next package`);
  return {
    ...common,
    command: process.execPath,
    args: [next, 'start', '-p', String(o.port), '-H', '127.0.0.1'],
    cwd: webDir,
    env,
  };
}
