import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { childEnv, CLI, runCli, runCliAsync } from './run-cli';

describe('opentrade init / config (real CLI process)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-cli-'));
  const file = path.join(dir, 'opentrade.config.json');
  const env = { OPENTRADE_CONFIG: file };

  it('--help lists every command of the foundation', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'setup', 'up', 'worker', 'gateway', 'config', 'doctor', 'update'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('init refuses to ask questions without a terminal unless --yes', () => {
    const r = runCli(['init'], env, '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^opentrade: stdin is not a terminal.*--yes/);
  });

  it('init --yes writes a valid config with the seed risk defaults and a private token', () => {
    const r = runCli(['init', '--yes'], env);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(readFileSync(file, 'utf8'));
    expect(cfg.risk).toEqual({
      max_position_pct: 10,
      max_leverage: 3,
      max_daily_loss_pct: 5,
      max_open_positions: 3,
      stop_loss_pct: 5,
      take_profit_pct: 10,
    });
    expect(cfg.gateway.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o077).toBe(0); // the token must not be world-readable
    expect(r.stdout).not.toContain(cfg.gateway.token);
  });

  it('init refuses to overwrite without --force, and --force rotates the token', () => {
    const before = JSON.parse(readFileSync(file, 'utf8')).gateway.token;
    const refused = runCli(['init', '--yes'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists.*--force/);
    expect(runCli(['init', '--yes', '--force'], env).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).gateway.token).not.toBe(before);
  });

  it('config set stores a valid value and config get reads it back', () => {
    expect(runCli(['config', 'set', 'risk.max_leverage', '2'], env).code).toBe(0);
    const got = runCli(['config', 'get', 'risk.max_leverage'], env);
    expect(got.stdout.trim()).toBe('2');
  });

  it('config set refuses an invalid value with its path and rule, leaving the file unchanged', () => {
    const before = readFileSync(file, 'utf8');
    const r = runCli(['config', 'set', 'risk.max_leverage', '0'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/risk\.max_leverage: Too small: expected number to be >=1/);
    // it reads as a refused value, not as a broken file
    expect(r.stderr).toMatch(/^opentrade: not set: risk\.max_leverage = 0 is refused \(.*\); .* is unchanged/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('config set on a file that breaks a rule elsewhere says the file is the problem, not the value', () => {
    const good = readFileSync(file, 'utf8');
    const broken = JSON.parse(good);
    broken.risk.max_leverage = 0;
    writeFileSync(file, JSON.stringify(broken));
    try {
      const r = runCli(['config', 'set', 'gateway.port', '18791'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /not set: gateway\.port = 18791 is valid, but .* breaks other rules \(risk\.max_leverage: /,
      );
      expect(JSON.parse(readFileSync(file, 'utf8')).gateway.port).toBe(broken.gateway.port);
    } finally {
      writeFileSync(file, good);
    }
  });

  it('config list and get redact the token at every path that holds it, and reveal it only on a terminal', () => {
    const token = JSON.parse(readFileSync(file, 'utf8')).gateway.token;
    expect(runCli(['config', 'list'], env).stdout).toContain('gateway.token = "<redacted>"');
    for (const args of [
      ['list', '--json'],
      ['get', 'gateway'],
      ['get', 'gateway', '--json'],
      ['get', 'gateway.token'],
    ]) {
      const r = runCli(['config', ...args], env);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(`${r.stdout}${r.stderr}`).not.toContain(token); // the token must not leak through any path
    }
    expect(runCli(['config', 'get', 'gateway', '--json'], env).stdout).toContain('"token": "<redacted>"');
    const piped = runCli(['config', 'get', 'gateway.token', '--reveal'], env);
    expect(piped.code).toBe(1);
    expect(piped.stderr).toMatch(/--reveal prints secrets and works only when the output is a terminal/);
    expect(piped.stdout).not.toContain(token);
    // `script` gives the CLI a pseudo-terminal, as a person at a shell has.
    const command = [process.execPath, CLI, 'config', 'get', 'gateway.token', '--reveal']
      .map((a) => `'${a}'`)
      .join(' ');
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { env: childEnv(env), encoding: 'utf8' });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain(token);
  });

  it('config validate reports a hand-broken file with the path', () => {
    const cfg = JSON.parse(readFileSync(file, 'utf8'));
    cfg.exchanges[0].market = 'futures';
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(cfg));
    const r = runCli(['config', 'validate', '--json'], { OPENTRADE_CONFIG: broken });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, error: expect.stringMatching(/exchanges\.0\.market/) });
    expect(runCli(['config', 'validate'], env).code).toBe(0);
  });

  it('an unknown command or option is one line and a non-zero exit', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^opentrade: unknown command 'frobnicate'/);
    const bad = runCli(['worker', '--queues', 'trading,nope'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown task queue "nope".*valid queues: trading, backtest, evolution, intel/);
  });

  it("update compares with the registry's latest and says how to upgrade", async () => {
    // A local server speaking the npm registry's `/<pkg>/latest` endpoint.
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/opentrade/latest' ? JSON.stringify({ name: 'opentrade', version: '99.0.0' }) : '{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const json = await runCliAsync(['update', '--json', '--registry', registry]);
      expect(JSON.parse(json.stdout)).toMatchObject({ latest: '99.0.0', upToDate: false, checked: true });
      const text = await runCliAsync(['update', '--registry', registry]);
      expect(text.stdout).toMatch(/opentrade 99\.0\.0 is available .*npm i -g opentrade@99\.0\.0/);
    } finally {
      server.close();
    }
  });

  it('update says it could not check when the registry is unreachable', () => {
    const r = runCli(['update', '--json', '--registry', 'http://127.0.0.1:9']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ installed: expect.any(String), checked: false, latest: null });
  });

  it('update tells a registry 404 (not published there) from a network failure (offline)', async () => {
    // A registry that answers, but has no opentrade.
    const server = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end('{"error":"Not found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const missing = await runCliAsync(['update', '--registry', registry]);
      expect(missing.code).toBe(0);
      expect(missing.stdout).toMatch(/^installed: [^;]+; could not check for updates: /);
      expect(missing.stdout).toContain(
        `${registry} answered 404 for opentrade: the package is not published on that registry\n`,
      );
      expect(missing.stdout).not.toMatch(/offline/);
    } finally {
      server.close();
    }
    // `.invalid` never resolves (RFC 2606): the request gets no answer at all, as offline.
    const offline = await runCliAsync(['update', '--registry', 'http://registry.opentrade.invalid']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(
      /^installed: [^;]+; could not check for updates: the network failed reaching http:\/\/registry\.opentrade\.invalid \(.*ENOTFOUND.*\): this machine looks offline\n$/,
    );
    expect(offline.stdout).not.toMatch(/404/);
  });

  describe('init asks which model the agents think with', () => {
    /** The CLI on a pseudo-terminal (`script`), as at a shell, with the answers typed in order. */
    function initOnTerminal(answers: string[], name: string, extraEnv: NodeJS.ProcessEnv = {}) {
      const out = path.join(dir, name);
      const command = [process.execPath, CLI, 'init'].map((a) => `'${a}'`).join(' ');
      const r = spawnSync('script', ['-qec', command, '/dev/null'], {
        env: childEnv({ OPENTRADE_CONFIG: out, ...extraEnv }),
        input: answers.map((a) => `${a}\n`).join(''),
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: r.status, stdout: r.stdout, file: out };
    }
    const readLlm = (file: string) => JSON.parse(readFileSync(file, 'utf8')).llm;

    it('--yes leaves every agent deterministic, so doctor needs no model server', () => {
      const llm = readLlm(file);
      expect(llm).not.toHaveProperty('enabled');
      expect(Object.values(llm.agents)).toEqual(Array(7).fill('deterministic'));
      expect(runCli(['config', 'validate'], env).code).toBe(0);
    });

    it('a hosted provider: base URL and key env var default to its preset, agents chosen by name', () => {
      // exchange, market, port, use a model?, provider, base URL, quick, deep, key env var, agents, mode
      const r = initOnTerminal(
        [
          'sim',
          'spot',
          '18790',
          'yes',
          'openrouter',
          '',
          'qwen/qwen3-8b',
          '',
          'MY_OR_KEY',
          'market, coordinator,risk',
          'llm',
        ],
        'hosted.json',
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('[https://openrouter.ai/api/v1]'); // the preset's URL is offered
      expect(r.stdout).toContain('as MY_OR_KEY');
      expect(readLlm(r.file)).toEqual({
        provider: 'openrouter',
        apiKeyEnv: 'MY_OR_KEY',
        models: { quick: 'qwen/qwen3-8b', deep: 'openai/gpt-4o' },
        agents: {
          market: 'llm',
          strategy: 'deterministic',
          onchain: 'deterministic',
          sentiment: 'deterministic',
          macro: 'deterministic',
          coordinator: 'llm',
          risk: 'llm',
        },
      });
      expect(runCli(['config', 'validate'], { OPENTRADE_CONFIG: r.file }).code).toBe(0);
    });

    it('a local provider asks for no key and by default puts every agent in hybrid', () => {
      // exchange, market, port, use a model?, provider, base URL, quick, deep, agents, mode
      const r = initOnTerminal(
        ['sim', 'spot', '18790', 'y', 'vllm', 'http://127.0.0.1:8001/v1', '', '', '', ''],
        'local.json',
      );
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/Env var holding the API key/);
      const llm = readLlm(r.file);
      expect(llm).toMatchObject({
        provider: 'vllm',
        baseUrl: 'http://127.0.0.1:8001/v1',
        models: { quick: 'Qwen/Qwen2.5-7B-Instruct' },
      });
      expect(llm).not.toHaveProperty('apiKeyEnv');
      expect(Object.values(llm.agents)).toEqual(Array(7).fill('hybrid'));
    });

    it('local: no base URL or key asked, models default to the alias, and the hints say how to get and start it', () => {
      // exchange, market, port, use a model?, provider, quick, deep, agents, mode
      // A data dir of its own, so a model a developer installed cannot hide the install hint.
      const home = mkdtempSync(path.join(os.tmpdir(), 'ot-init-home-'));
      const r = initOnTerminal(['sim', 'spot', '18790', 'y', 'local', '', '', 'market', ''], 'local-model.json', {
        OPENTRADE_HOME: home,
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/local: the model `opentrade up` serves itself, no key and no internet/);
      expect(r.stdout).not.toMatch(/OpenAI-compatible base URL|Env var holding the API key/);
      expect(r.stdout).toContain('put the default local model in place with: opentrade setup --llm');
      expect(r.stdout).toMatch(/`opentrade up` starts the local model server/);
      const llm = readLlm(r.file);
      expect(llm).toEqual({
        provider: 'local',
        models: { quick: 'local', deep: 'local' },
        agents: expect.objectContaining({ market: 'hybrid', coordinator: 'deterministic' }),
      });
      expect(runCli(['config', 'validate'], { OPENTRADE_CONFIG: r.file }).code).toBe(0);
    });

    it('an unknown provider is refused naming the choices, and nothing is written', () => {
      const r = initOnTerminal(['sim', 'spot', '18790', 'yes', 'skynet'], 'unknown.json');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /unknown LLM provider "skynet".*local, openai, openrouter, ollama, vllm, lmstudio, llamacpp, custom/,
      );
      expect(() => readFileSync(r.file)).toThrow();
    });
  });
});
