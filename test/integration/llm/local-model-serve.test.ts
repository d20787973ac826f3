// `opentrade llm serve` and its place under `opentrade up`, with the real model: what it refuses to
// start on (one line and exit 78, so the supervisor does not restart it), what it refuses to answer
// (OpenAI's error bodies, which the openai client turns into an abstention's reason), and the child
// `up` runs: restarted when it crashes, left alone when it refused, stopped cleanly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LlmConfigSchema } from '../../../core/config/llm-config-schema';
import { LOCAL_MODEL_ALIAS } from '../../../core/llm/provider-presets';
import { LlmCallError } from '../../../infra/adapters/llm/llm-call-error';
import { createLlmClient } from '../../../infra/adapters/llm/llm-client';
import { startLocalModelChild } from '../../../infra/local-llm/local-model-child';
import { servedModelId } from '../../../infra/local-llm/model-file';
import { freePort } from '../../../infra/stack/net';
import { Supervisor } from '../../../infra/stack/supervisor';
import { startLocalModelServer, testModelPath } from '../../fixtures/local-model-server';
import { CLI, runCliAsync } from '../cli/run-cli';

jest.setTimeout(300_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ot-llm-serve-'));
const notGguf = path.join(dir, 'notes.gguf');
writeFileSync(notGguf, 'these are not model weights\n');
const versionZero = path.join(dir, 'zero.gguf');
writeFileSync(versionZero, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64)]));
// The right magic and version and no metadata after them: it passes the file check and fails in the loader.
const truncated = path.join(dir, 'truncated.gguf');
const v3 = Buffer.alloc(4);
v3.writeUInt32LE(3);
writeFileSync(truncated, Buffer.concat([Buffer.from('GGUF'), v3, Buffer.alloc(64)]));

const serve = (...args: string[]) =>
  runCliAsync(['llm', 'serve', ...args], { OPENTRADE_CONFIG: path.join(dir, 'none.json') });

describe('llm serve refuses to start with one line naming what and how to fix it', () => {
  test.each([
    [
      'a missing file',
      [path.join(dir, 'missing.gguf')],
      /model file .*missing\.gguf does not exist — run `opentrade setup --llm`/,
    ],
    ['a directory', [dir], /is a directory, not a GGUF file/],
    ['a file that is not GGUF', [notGguf], /is not a GGUF file \(it does not start with "GGUF"\)/],
    [
      'a GGUF of an unreadable version',
      [versionZero],
      /zero\.gguf is GGUF version 0, which llama\.cpp does not read — download it again/,
    ],
    ['a truncated GGUF', [truncated], /truncated\.gguf cannot be loaded: .* — the file may be truncated/],
  ])('%s', async (_what, [model], message) => {
    const r = await serve('--model', model, '--port', String(await freePort()));
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test('a port in use', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await serve('--model', testModelPath(), '--port', String(port));
      expect(r.code).toBe(78);
      expect(r.stderr.trim()).toBe(
        `opentrade: port ${port} is in use, so the local model cannot listen on it — stop what listens there, or set llm.local.port (\`opentrade config set llm.local.port <port>\`)`,
      );
    } finally {
      taken.close();
    }
  });

  test('flags out of range', async () => {
    const bad = await serve('--port', 'eighty');
    expect(bad).toMatchObject({ code: 78 });
    expect(bad.stderr.trim()).toBe('opentrade: --port "eighty" is not a whole number');
    const small = await serve('--context-size', '16');
    expect(small.stderr.trim()).toMatch(/^opentrade: --context-size: .*256/);
  });
});

describe('the served model over the OpenAI API', () => {
  let server: Awaited<ReturnType<typeof startLocalModelServer>>;
  beforeAll(async () => {
    server = await startLocalModelServer({ args: ['--context-size', '256'] });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const client = () =>
    createLlmClient(
      LlmConfigSchema.parse({
        provider: 'local',
        local: { port: server.port },
        models: { quick: 'local', deep: 'local' },
      }),
      {},
    );

  test('lists the model under its file name and as `local`', async () => {
    expect(await client().listModels()).toEqual([servedModelId(testModelPath()), LOCAL_MODEL_ALIAS]);
  });

  test('a prompt the context cannot hold is refused with the numbers and the fix, and the call is not retried', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `close[${i}] = ${100 + i}.25`).join('\n');
    const err = await client()
      .complete({
        role: 'market',
        model: 'local',
        messages: [{ role: 'user', content: long }],
        answer: 'analyst',
        temperature: 0,
        maxTokens: 64,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmCallError);
    expect(err).toMatchObject({ kind: 'rejected', retryable: false, status: 400 });
    expect((err as Error).message).toMatch(
      /the context holds 256 tokens, but the prompt takes \d+ and the answer may take 64 — raise llm\.local\.contextSize/,
    );
  });

  test('an unknown model and a malformed body get OpenAI-style errors', async () => {
    const unknown = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
    const broken = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "local", "messages": [',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringMatching(/not valid JSON/) },
    });
    const streaming = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(await streaming.json()).toMatchObject({
      error: { param: 'stream', message: expect.stringMatching(/streaming is not served/) },
    });
  });
});

describe('the local model as a child of `opentrade up`', () => {
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);

  async function child(model: string) {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const port = await freePort();
    const configFile = path.join(home, 'opentrade.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ gateway: { token: 't'.repeat(40) }, llm: { provider: 'local', local: { port, model } } }),
    );
    const supervisor = new Supervisor(path.join(home, 'logs'), log);
    const url = await startLocalModelChild({
      llm: LlmConfigSchema.parse({ provider: 'local', local: { port, model } }),
      dataDir: home,
      supervisor,
      command: process.execPath,
      args: [CLI],
      // As `up` passes them: the child reads the same config.
      env: { ...process.env, OPENTRADE_CONFIG: configFile, OPENTRADE_HOME: home },
      log,
    });
    return { url, supervisor, port, home };
  }

  test('a missing model is one line and no child; the caller goes on', async () => {
    const { url, supervisor } = await child(path.join(dir, 'missing.gguf'));
    expect(url).toBeUndefined();
    expect(supervisor.get('llm')).toBeUndefined();
    expect(logs.pop()).toMatch(
      /^local model not started: the model file .*missing\.gguf does not exist — run `opentrade setup --llm`.*; the rest of the stack runs, and the agents fall back as configured$/,
    );
  });

  test('a model the loader refuses: the child says why once and is not restarted', async () => {
    const { url, supervisor } = await child(truncated);
    expect(url).toBeUndefined();
    expect(logs.some((l) => /llm refused to start \(exit 78\); not restarting it/.test(l))).toBe(true);
    expect(logs.pop()).toMatch(
      /^local model not started: opentrade: the model file .*truncated\.gguf cannot be loaded/,
    );
    expect(supervisor.get('llm')?.restarts).toBe(0);
    await supervisor.stopAll();
  });

  test('a good model serves; killed, it is restarted and serves again; stopped, it exits cleanly', async () => {
    const { url, supervisor, port, home } = await child(testModelPath());
    expect(url).toBe(`http://127.0.0.1:${port}/v1`);
    const health = () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
    expect(await health()).toBe(true);
    const pid = supervisor.get('llm')!.pid!;
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    while (!(supervisor.get('llm')!.pid !== pid && (await health()))) {
      if (Date.now() > deadline) throw new Error(`the model was not restarted:\n${logs.join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(logs.some((l) => /^llm exited \(code -, signal SIGKILL\); restarting in 1 s \(restart #1/.test(l))).toBe(
      true,
    );
    await supervisor.stopAll();
    expect(await health()).toBe(false);
    // SIGTERM reached the server, which closed its port and freed the model before exiting 0.
    expect(readFileSync(path.join(home, 'logs', 'llm.log'), 'utf8')).toMatch(
      /SIGTERM: stopping[\s\S]*llm exited code=0 signal=null/,
    );
  });
});
