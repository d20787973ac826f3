// The zod schemas of types.ts, shared by the config parser and the CLI flag parser. Every message
// says what is valid and what came, so one line tells a person how to fix it.
import { z } from 'zod';
import type { ProtectionsConfig } from './types';

export const MAX_CANDLES = 10_000;
export const MAX_TRADE_LIMIT = 1000;

function describe(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : typeof v;
}

function leafError(valid: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required: ${valid}` : `must be ${valid}, got ${describe(issue.input)}`;
}

function intWithin(min: number, max: number) {
  const error = leafError(`an integer within ${min}..${max}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function numberWithin(min: number, max: number, minExclusive: boolean) {
  const error = leafError(minExclusive ? `a number above ${min} and at most ${max}` : `a number within ${min}..${max}`);
  const n = z.number({ error });
  return (minExclusive ? n.gt(min, { error }) : n.min(min, { error })).max(max, { error });
}

/** A strict object whose "not an object" message lists the keys it takes. */
function settings<S extends z.core.$ZodLooseShape>(shape: S) {
  const valid = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'invalid_type' ? `must be an object with ${valid}, got ${describe(issue.input)}` : undefined,
  });
}

const candles = () => intWithin(1, MAX_CANDLES);
const tradeLimit = () => intWithin(1, MAX_TRADE_LIMIT);

export const stoplossGuardConfigSchema = settings({
  lookbackCandles: candles(),
  tradeLimit: tradeLimit(),
  stopDurationCandles: candles(),
  onlyPerPair: z.boolean({ error: leafError('true or false') }).default(false),
});

export const maxDrawdownConfigSchema = settings({
  lookbackCandles: candles(),
  tradeLimit: tradeLimit(),
  stopDurationCandles: candles(),
  maxAllowedDrawdownPct: numberWithin(0, 100, true),
});

export const cooldownPeriodConfigSchema = settings({
  stopDurationCandles: candles(),
});

export const lowProfitPairsConfigSchema = settings({
  lookbackCandles: candles(),
  tradeLimit: tradeLimit(),
  stopDurationCandles: candles(),
  requiredProfitPct: numberWithin(-100, 100, false),
});

export const protectionSchemas = {
  stoplossGuard: stoplossGuardConfigSchema,
  maxDrawdown: maxDrawdownConfigSchema,
  cooldownPeriod: cooldownPeriodConfigSchema,
  lowProfitPairs: lowProfitPairsConfigSchema,
} as const;

export type ProtectionKey = keyof typeof protectionSchemas;

export const protectionsConfigSchema = settings({
  stoplossGuard: stoplossGuardConfigSchema.optional(),
  maxDrawdown: maxDrawdownConfigSchema.optional(),
  cooldownPeriod: cooldownPeriodConfigSchema.optional(),
  lowProfitPairs: lowProfitPairsConfigSchema.optional(),
});

// The schema and the hand-written types must describe the same thing; this fails to compile if not.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.output<typeof protectionsConfigSchema>, ProtectionsConfig> = true;
void schemaMatchesTypes;

/**
 * An issue as [path below the parsed object, problem]. An unknown key is named in the path and the
 * valid keys listed, since zod's own message names neither the owner nor the alternatives.
 */
export function describeIssue(
  issue: z.core.$ZodIssue,
  owner: z.ZodObject = protectionsConfigSchema,
): [path: string[], detail: string] {
  const path = issue.path.map(String);
  if (issue.code !== 'unrecognized_keys') return [path, issue.message];
  const at = path.length === 0 ? owner : protectionSchemas[path[0] as ProtectionKey];
  const what = at === protectionsConfigSchema ? 'protection' : 'setting';
  return [[...path, issue.keys[0]], `unknown ${what} (valid: ${Object.keys(at.shape).join(', ')})`];
}
