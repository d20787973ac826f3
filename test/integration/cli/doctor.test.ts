import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigSchema } from '../../../core/config/schema';
import { checkLlm } from '../../../infra/stack/doctor/checks';
import { freePort } from '../../../infra/stack/net';
import { startOpenAiServer, type OpenAiServer } from '../../fixtures/openai-server/server';
import type { Rule } from '../../fixtures/openai-server/rules';
import { runCliAsync, runCli } from './run-cli';

// The integration stack (global setup) exports DATABASE_URL, REDIS_URL and TEMPORAL_ADDRESS.
describe('opentrade doctor against the real stack', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-'));
  const env = {
    OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
    OPENTRADE_HOME: path.join(dir, '.opentrade'),
  };
  beforeAll(() => expect(runCli(['init', '--yes'], env).code).toBe(0));

  it('exits 0 with every required check ok while the stack is up', async () => {
    const r = await runCliAsync(['doctor', '--json'], env);
    const report = JSON.parse(r.stdout);
    const failing = report.checks.filter((c: any) => c.status === 'fail');
    expect(failing).toEqual([]);
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
    expect(report.checks.map((c: any) => c.name)).toEqual(
      expect.arrayContaining([
        'node',
        'config',
        'temporal-cli',
        'temporal',
        'search-attributes',
        'postgres',
        'migrations',
        'redis',
        'llm',
        // every enabled intelligence provider has its own line
        'intel:fear_greed',
        'intel:fred',
        'disk',
      ]),
    );
  });

  it('exits non-zero naming Redis when Redis is down', async () => {
    const closed = await freePort();
    const r = await runCliAsync(['doctor', '--json'], { ...env, REDIS_URL: `redis://127.0.0.1:${closed}` });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c: any) => c.status === 'fail').map((c: any) => c.name)).toEqual(['redis']);
  });

  it('names a live exchange whose credentials are missing', async () => {
    runCli(
      [
        'config',
        'set',
        'exchanges',
        JSON.stringify([
          {
            id: 'binance',
            sandbox: false,
            credentials: { apiKey: 'OT_TEST_BINANCE_KEY', secret: 'OT_TEST_BINANCE_SECRET' },
          },
        ]),
      ],
      env,
    );
    const r = await runCliAsync(['doctor', '--json'], { ...env, OT_TEST_BINANCE_KEY: 'key-value-never-printed' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('key-value-never-printed');
    const cred = JSON.parse(r.stdout).checks.find((c: any) => c.name === 'credentials:binance');
    expect(cred).toMatchObject({ status: 'fail', detail: 'missing env vars: OT_TEST_BINANCE_SECRET' });
  });
});

describe('opentrade doctor and the language model endpoint', () => {
  const CANARY = 'sk-doctor-canary-73e1b0c94d2a';
  const KEY_ENV = 'OT_TEST_DOCTOR_LLM_KEY';
  const PROBE_OK: Rule = { match: 'doctor probe', reply: { auto: true } };
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ apiKey: CANARY, models: ['quick-m', 'deep-m'] });
  });
  afterAll(() => server.close());
  beforeEach(() => server.setRules([PROBE_OK]));

  const llmSection = (over: Record<string, unknown> = {}) => ({
    provider: 'custom',
    baseUrl: server.url,
    apiKeyEnv: KEY_ENV,
    structuredOutput: 'json_schema',
    models: { quick: 'quick-m', deep: 'deep-m' },
    agents: { market: 'hybrid', coordinator: 'llm' },
    ...over,
  });
  const configWith = (llm: Record<string, unknown>) => ConfigSchema.parse({ gateway: { token: 'x'.repeat(40) }, llm });
  const withKey = { [KEY_ENV]: CANARY };

  it('passes when /models answers and every configured model gives a schema-valid probe answer; the key is never printed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-llm-'));
    const env = {
      OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
      OPENTRADE_HOME: path.join(dir, '.opentrade'),
    };
    expect(runCli(['init', '--yes'], env).code).toBe(0);
    expect(runCli(['config', 'set', 'llm', JSON.stringify(llmSection())], env).code).toBe(0);
    const r = await runCliAsync(['doctor', '--json'], { ...env, ...withKey });
    const llm = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'llm');
    expect(llm).toMatchObject({ status: 'ok', required: true, detail: expect.stringContaining('quick-m, deep-m') });
    expect(r.stdout + r.stderr).not.toContain(CANARY);
    const probes = server.chatRequests();
    expect(probes.map((p) => p.model).sort()).toEqual(['deep-m', 'quick-m']); // each model probed once
    expect(probes[0].responseFormat).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'debate', strict: true },
    });
    expect(server.requests.some((q) => q.path === '/v1/models')).toBe(true);
  });

  it('skips, not required, while every agent is deterministic, and calls nothing', async () => {
    const before = server.requests.length;
    const result = await checkLlm(configWith(llmSection({ agents: {} })), {});
    expect(result).toMatchObject({ status: 'ok', required: false, detail: expect.stringMatching(/deterministic/) });
    expect(server.requests.length).toBe(before);
  });

  it('fails naming the API key env var when it is not set', async () => {
    const result = await checkLlm(configWith(llmSection()), {});
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(KEY_ENV),
      fix: expect.stringContaining(KEY_ENV),
    });
  });

  it('fails on a key the endpoint refuses, pointing at the env var, without printing the key', async () => {
    const result = await checkLlm(configWith(llmSection()), { [KEY_ENV]: 'sk-wrong-key-000' });
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/does not answer \/models: .*401/) });
    expect(result.fix).toBe(`check the key in ${KEY_ENV}`);
    expect(JSON.stringify(result)).not.toContain('sk-wrong-key-000');
  });

  it('fails when the endpoint is down', async () => {
    const closed = await freePort();
    const result = await checkLlm(configWith(llmSection({ baseUrl: `http://127.0.0.1:${closed}/v1` })), withKey);
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/does not answer \/models/),
      fix: expect.stringMatching(/start the OpenAI-compatible server/),
    });
  });

  it('names a per-role model the endpoint does not serve, and one whose answers break the schema', async () => {
    server.setRules([{ match: 'doctor probe', model: 'deep-m', reply: { fault: 'malformed' } }, PROBE_OK]);
    const result = await checkLlm(configWith(llmSection({ roleModels: { risk: 'gone-m' } })), withKey);
    expect(result.status).toBe('fail');
    expect(result.detail).not.toMatch(/model quick-m/); // the healthy model is not blamed
    expect(result.detail).toMatch(/model deep-m answered, but not usably: malformed JSON/);
    expect(result.detail).toMatch(/model gone-m: .*does not exist/);
    expect(result.fix).toMatch(/change llm\.models \/ llm\.roleModels/);
  });
});

describe('opentrade doctor and the local model', () => {
  const PROBE_OK: Rule = { match: 'doctor probe', reply: { auto: true } };
  // As `opentrade init` writes it for local: both models are the alias the local server answers to.
  const localSection = (port: number) => ({
    provider: 'local',
    local: { port },
    models: { quick: 'local', deep: 'local' },
    agents: { market: 'hybrid' },
  });
  const configWith = (llm: Record<string, unknown>) => ConfigSchema.parse({ gateway: { token: 'x'.repeat(40) }, llm });
  /** A data dir holding a file at the default model's path that passes the GGUF header check. */
  function homeWithModel() {
    const home = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-home-'));
    mkdirSync(path.join(home, 'models'));
    // doctor reads the magic and the version only, so a GGUF v3 header stands in for the model
    const v3 = Buffer.alloc(4);
    v3.writeUInt32LE(3);
    writeFileSync(
      path.join(home, 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf'),
      Buffer.concat([Buffer.from('GGUF'), v3, Buffer.alloc(64)]),
    );
    return home;
  }

  it('fails naming the missing model file and `opentrade setup --llm`, through the real CLI', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-local-'));
    const env = {
      OPENTRADE_CONFIG: path.join(dir, 'opentrade.config.json'),
      OPENTRADE_HOME: path.join(dir, '.opentrade'),
    };
    expect(runCli(['init', '--yes'], env).code).toBe(0);
    expect(runCli(['config', 'set', 'llm', JSON.stringify(localSection(await freePort()))], env).code).toBe(0);
    const r = await runCliAsync(['doctor', '--json'], env);
    expect(r.code).toBe(1);
    const llm = JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'llm');
    expect(llm).toMatchObject({
      status: 'fail',
      required: true,
      detail: expect.stringMatching(
        /the model file .*\.opentrade\/models\/SmolLM2-135M-Instruct\.Q4_1\.gguf does not exist/,
      ),
      fix: expect.stringContaining('opentrade setup --llm'),
    });
  });

  it('refuses a file that is not GGUF before asking the server', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'ot-doctor-home-'));
    writeFileSync(path.join(home, 'weights.bin'), 'not a model');
    const llm = { ...localSection(await freePort()), local: { port: 1, model: 'weights.bin' } };
    const result = await checkLlm(configWith(llm), {}, home);
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/weights\.bin is not a GGUF file/) });
  });

  it('with the model file in place, probes the server at llm.local.port like any endpoint', async () => {
    const server = await startOpenAiServer({ models: ['local'] });
    try {
      server.setRules([PROBE_OK]);
      const port = Number(new URL(server.url).port);
      const result = await checkLlm(configWith(localSection(port)), {}, homeWithModel());
      expect(result).toMatchObject({ status: 'ok', required: true, detail: expect.stringContaining(server.url) });
      // quick and deep are the same alias, so one model is probed
      expect(server.chatRequests().map((p) => p.model)).toEqual(['local']);
    } finally {
      await server.close();
    }
  });

  it('with the model file in place but no server, says `opentrade up` starts it', async () => {
    const result = await checkLlm(configWith(localSection(await freePort())), {}, homeWithModel());
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/does not answer \/models/),
      fix: expect.stringMatching(/opentrade up/),
    });
  });
});
