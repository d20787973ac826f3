import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Downloads the `temporal` CLI from the endpoint the Temporal SDKs use for their own dev-server
 * download. Only works with internet; callers fall back to a clear install hint.
 */
export async function downloadTemporalCli(destDir: string, timeoutMs = 60_000): Promise<string> {
  const platform = process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'windows' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/latest?platform=${platform}&arch=${arch}&sdk-name=sdk-typescript`;
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`download of the temporal CLI answered HTTP ${res.status}`);
  mkdirSync(destDir, { recursive: true });
  const archive = path.join(destDir, 'temporal-cli.tar.gz');
  writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
  try {
    const r = spawnSync('tar', ['-xzf', archive, '-C', destDir, 'temporal'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`could not unpack the temporal CLI: ${r.stderr.trim()}`);
  } finally {
    rmSync(archive, { force: true });
  }
  const bin = path.join(destDir, 'temporal');
  if (!existsSync(bin)) throw new Error('the downloaded archive has no temporal binary');
  return bin;
}
