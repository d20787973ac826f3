import { flatten, getPath } from '../../../core/config/dotted-path';
import { redactConfig, REDACTED, SECRET_CONFIG_PATHS } from '../../../core/config/redact-config';
import { ConfigSchema } from '../../../core/config/schema';

const TOKEN = 'tok-'.repeat(10);
const config = ConfigSchema.parse({ gateway: { token: TOKEN }, exchanges: [{ id: 'binance', sandbox: true }] });

/** Every dotted path of the config: each leaf and each object above it, the root included. */
const everyPath = (): string[] => {
  const paths = new Set<string>(['']);
  for (const [leaf] of flatten(config)) {
    const keys = leaf.split('.');
    for (let i = 1; i <= keys.length; i++) paths.add(keys.slice(0, i).join('.'));
  }
  return [...paths];
};

describe('redactConfig', () => {
  it('no path of the redacted config shows a secret', () => {
    const redacted = redactConfig(config);
    const paths = everyPath();
    expect(paths.length).toBeGreaterThan(20); // the walk covers the whole config, not just the gateway
    for (const p of paths) {
      const shown = JSON.stringify(p === '' ? redacted : getPath(redacted, p)) ?? '';
      expect({ path: p, leaks: shown.includes(TOKEN) }).toEqual({ path: p, leaks: false });
    }
  });

  it('changes only the secrets, and not in the input', () => {
    const before = JSON.stringify(config);
    const redacted = redactConfig(config);
    expect(JSON.stringify(config)).toBe(before);
    for (const [p, v] of flatten(redacted))
      expect(v).toEqual(SECRET_CONFIG_PATHS.includes(p) ? REDACTED : getPath(config, p));
  });
});
