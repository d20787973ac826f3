import { ConfigSchema } from '../../../core/config/schema';
import { checkCredentials, checkLlm, checkNode } from '../../../infra/stack/doctor/checks';

describe('doctor checks that need no services', () => {
  it('fails Node older than 22.12 with the install command', () => {
    expect(checkNode('20.20.2')).toMatchObject({ status: 'fail', fix: expect.stringContaining('node@24') });
    expect(checkNode('22.11.0').status).toBe('fail');
    expect(checkNode('22.12.0').status).toBe('ok');
    expect(checkNode('24.21.0').status).toBe('ok');
  });

  const config = ConfigSchema.parse({
    gateway: { token: 'x'.repeat(40) },
    exchanges: [
      { id: 'sim' },
      { id: 'binance', sandbox: false, credentials: { apiKey: 'BINANCE_API_KEY', secret: 'BINANCE_SECRET' } },
      { id: 'bybit', sandbox: true, credentials: { apiKey: 'BYBIT_API_KEY' } },
    ],
  });

  it('fails a live exchange whose credential env vars are missing, naming them but never a value', () => {
    const results = checkCredentials(config, { BINANCE_API_KEY: 'k-123' });
    const binance = results.find((r) => r.name === 'credentials:binance')!;
    expect(binance).toMatchObject({ status: 'fail', required: true, detail: 'missing env vars: BINANCE_SECRET' });
    expect(JSON.stringify(results)).not.toContain('k-123');
  });

  it('only warns for sandbox exchanges and skips sim', () => {
    const results = checkCredentials(config, {});
    expect(results.map((r) => r.name)).toEqual(['credentials:binance', 'credentials:bybit']);
    expect(results[1]).toMatchObject({ status: 'warn', required: false });
  });

  it('passes when every named env var is set', () => {
    const results = checkCredentials(config, { BINANCE_API_KEY: 'a', BINANCE_SECRET: 'b', BYBIT_API_KEY: 'c' });
    expect(results.every((r) => r.status === 'ok')).toBe(true);
  });

  describe('the local model', () => {
    const localConfig = (agents: Record<string, string>) =>
      ConfigSchema.parse({ gateway: { token: 'x'.repeat(40) }, llm: { provider: 'local', agents } });
    // Nothing is ever installed here, so the default model file is missing.
    const emptyHome = '/nonexistent/opentrade-doctor-home';

    it('names a missing model file with how to install it, before any endpoint is asked', async () => {
      const result = await checkLlm(localConfig({ market: 'hybrid' }), {}, emptyHome);
      expect(result).toMatchObject({
        name: 'llm',
        status: 'fail',
        required: true,
        detail: `the model file ${emptyHome}/models/SmolLM2-135M-Instruct.Q4_1.gguf does not exist`,
        fix: expect.stringContaining('opentrade setup --llm'),
      });
    });

    it('is not looked for while every agent is deterministic', async () => {
      const result = await checkLlm(localConfig({}), {}, emptyHome);
      expect(result).toMatchObject({ status: 'ok', required: false });
    });
  });
});
