// Protections from the command line, one spec per protection:
//   stoploss-guard:lookback=60,limit=3,duration=30,per-pair
//   max-drawdown:lookback=200,limit=5,duration=60,max=10
//   cooldown:duration=5
//   low-profit:lookback=300,limit=2,duration=60,required=-1
// Short names are the ones a person types; the errors still carry the config path in `field`.
import { ProtectionsConfigError } from './protections-config-error';
import { describeIssue, protectionSchemas, type ProtectionKey } from './protection-schemas';
import type { ProtectionsConfig } from './types';

interface FlagProtection {
  key: ProtectionKey;
  /** Flag setting → config field. */
  settings: Record<string, string>;
  /** Settings that take no value (present = true). */
  switches: readonly string[];
  example: string;
}

const WINDOWED = { lookback: 'lookbackCandles', limit: 'tradeLimit', duration: 'stopDurationCandles' };

const FLAG_PROTECTIONS: Record<string, FlagProtection> = {
  'stoploss-guard': {
    key: 'stoplossGuard',
    settings: { ...WINDOWED, 'per-pair': 'onlyPerPair' },
    switches: ['per-pair'],
    example: 'stoploss-guard:lookback=60,limit=3,duration=30,per-pair',
  },
  'max-drawdown': {
    key: 'maxDrawdown',
    settings: { ...WINDOWED, max: 'maxAllowedDrawdownPct' },
    switches: [],
    example: 'max-drawdown:lookback=200,limit=5,duration=60,max=10',
  },
  cooldown: {
    key: 'cooldownPeriod',
    settings: { duration: 'stopDurationCandles' },
    switches: [],
    example: 'cooldown:duration=5',
  },
  'low-profit': {
    key: 'lowProfitPairs',
    settings: { ...WINDOWED, required: 'requiredProfitPct' },
    switches: [],
    example: 'low-profit:lookback=300,limit=2,duration=60,required=-1',
  },
};

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function fail(field: string, subject: string, detail: string, example?: string): never {
  throw new ProtectionsConfigError(field, detail, subject, example && `e.g. ${example}`);
}

/**
 * One protection from its command-line spec, validated like the config file (same ranges), as a
 * config with that one protection. Unknown names, unknown or repeated settings, missing values and
 * out-of-range numbers are errors that list what is valid.
 */
export function parseProtectionFlag(spec: string): ProtectionsConfig {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  // Own keys only: a name like `toString` must be unknown, not a property of every object.
  const protection = Object.hasOwn(FLAG_PROTECTIONS, name) ? FLAG_PROTECTIONS[name] : undefined;
  const names = Object.keys(FLAG_PROTECTIONS).join(', ');
  if (!protection)
    fail(
      'protections',
      `protection ${JSON.stringify(text)}`,
      `unknown protection ${JSON.stringify(name)} (valid: ${names})`,
    );
  const { key, settings, switches, example } = protection;
  const field = (setting: string) => `protections.${key}.${settings[setting] ?? setting}`;
  const validSettings = Object.keys(settings).join(', ');

  const raw: Record<string, unknown> = {};
  const seen = new Set<string>();
  const parts = colon < 0 ? [] : text.slice(colon + 1).split(',');
  for (const part of parts.map((p) => p.trim())) {
    if (part === '') fail(`protections.${key}`, name, `empty setting in ${JSON.stringify(text)}`, example);
    const eq = part.indexOf('=');
    const setting = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : part.slice(eq + 1).trim();
    if (!Object.hasOwn(settings, setting))
      fail(field(setting), name, `unknown setting ${JSON.stringify(setting)} (valid: ${validSettings})`, example);
    if (seen.has(setting)) fail(field(setting), `${name} ${setting}`, 'given twice', example);
    seen.add(setting);
    if (switches.includes(setting)) {
      if (value !== undefined && value !== 'true' && value !== 'false')
        fail(field(setting), `${name} ${setting}`, `takes no value, or true or false, got ${JSON.stringify(value)}`);
      raw[settings[setting]] = value !== 'false';
    } else {
      if (value === undefined || value === '')
        fail(field(setting), `${name} ${setting}`, `needs a value, e.g. ${setting}=…`, example);
      if (!NUMBER.test(value))
        fail(field(setting), `${name} ${setting}`, `must be a number, got ${JSON.stringify(value)}`);
      raw[settings[setting]] = Number(value);
    }
  }

  const missing = Object.keys(settings).filter((s) => !switches.includes(s) && !seen.has(s));
  if (missing.length > 0)
    fail(
      field(missing[0]),
      name,
      `missing ${missing.join(', ')} (needs ${Object.keys(settings)
        .filter((s) => !switches.includes(s))
        .join(', ')})`,
      example,
    );

  const r = protectionSchemas[key].safeParse(raw);
  if (!r.success) {
    const [path, detail] = describeIssue(r.error.issues[0], protectionSchemas[key]);
    const setting = Object.keys(settings).find((s) => settings[s] === path[0]) ?? path.join('.');
    fail(`protections.${key}.${path.join('.')}`, `${name} ${setting}`, detail, example);
  }
  return { [key]: r.data };
}

/** Several specs, one protection each; naming the same protection twice is an error, not an override. */
export function parseProtectionFlags(specs: readonly string[]): ProtectionsConfig {
  const config: Record<string, unknown> = {};
  for (const spec of specs) {
    const one = parseProtectionFlag(spec);
    const key = Object.keys(one)[0];
    if (key in config) {
      const name = Object.keys(FLAG_PROTECTIONS).find((n) => FLAG_PROTECTIONS[n].key === key) ?? key;
      fail(`protections.${key}`, name, 'given twice: one spec per protection');
    }
    Object.assign(config, one);
  }
  return config as ProtectionsConfig;
}
