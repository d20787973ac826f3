import { spawn } from 'node:child_process';
import path from 'node:path';
import { redactDatabaseUrl, requireDatabaseUrl } from './connection-config';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export type PrismaCliRun = {
  /** stdout and stderr interleaved, with the database password masked. */
  output: string;
  /** Exit code, or null when we ended the process after it reported completion. */
  exitCode: number | null;
  durationMs: number;
};

export type PrismaCliOptions = {
  timeoutMs?: number;
  /**
   * Output that means the command has finished its work. Prisma 6.19's WASM engine leaves a
   * 10 s timer armed after `migrate deploy`, so we end the process once it reports success.
   */
  donePattern?: RegExp;
};

function redact(text: string, databaseUrl: string): string {
  let out = text.split(databaseUrl).join(redactDatabaseUrl(databaseUrl));
  try {
    const password = decodeURIComponent(new URL(databaseUrl).password);
    if (password) out = out.split(password).join('***');
  } catch {
    // an unparsable URL has no password to hide
  }
  return out;
}

/**
 * Runs the project's Prisma CLI with `node` (the running one, never whatever `node` is on PATH)
 * against `databaseUrl`. Resolves with the run; rejects only on spawn failure or timeout.
 */
export function runPrismaCli(
  args: string[],
  databaseUrl: string | undefined,
  opts: PrismaCliOptions = {},
): Promise<PrismaCliRun> {
  const url = requireDatabaseUrl(databaseUrl);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const cli = require.resolve('prisma/build/index.js', { paths: [PROJECT_ROOT] });
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      // No telemetry/update check: the machines running this are often offline.
      CHECKPOINT_DISABLE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let endedByUs = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `prisma ${args.join(' ')} did not finish within ${timeoutMs} ms; output so far:\n${redact(output, url)}`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!endedByUs && opts.donePattern?.test(output)) {
        endedByUs = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the Prisma CLI (${cli}): ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output: redact(output, url), exitCode: endedByUs ? null : code, durationMs: Date.now() - started });
    });
  });
}
