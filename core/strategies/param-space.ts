import { z } from 'zod';

/** One searchable numeric parameter, as a genetic optimizer needs it. */
export interface NumericParamRange {
  kind: 'number';
  name: string;
  min: number;
  max: number;
  /** Grid step for mutation/rounding: `.meta({ step })` if given, else 1 for integers, (max−min)/100 otherwise. */
  step: number;
  integer: boolean;
}
export interface BooleanParam {
  kind: 'boolean';
  name: string;
}
export type ParamSpec = NumericParamRange | BooleanParam;

function unwrap(t: z.ZodType): z.ZodType {
  let cur: any = t;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional || cur instanceof z.ZodNullable)
    cur = cur.unwrap();
  return cur as z.ZodType;
}

function metaOf(t: z.ZodType): Record<string, unknown> | undefined {
  let cur: any = t;
  for (;;) {
    const m = z.globalRegistry.get(cur);
    if (m) return m as Record<string, unknown>;
    if (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur.unwrap();
    else return undefined;
  }
}

/**
 * Reads the searchable space from a strategy's zod object schema: every numeric field must be
 * bounded on both sides (the optimizer cannot search an open range).
 */
export function paramSpace(schema: z.ZodType): ParamSpec[] {
  if (!(schema instanceof z.ZodObject)) throw new TypeError('a strategy paramsSchema must be a zod object schema');
  const out: ParamSpec[] = [];
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const inner = unwrap(field);
    if (inner instanceof z.ZodBoolean) {
      out.push({ kind: 'boolean', name });
    } else if (inner instanceof z.ZodNumber) {
      const min = inner.minValue;
      const max = inner.maxValue;
      if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) {
        throw new TypeError(`parameter "${name}" needs .min() and .max() so the optimizer can search it`);
      }
      const integer = inner.isInt === true;
      const metaStep = metaOf(field)?.step;
      const step = typeof metaStep === 'number' && metaStep > 0 ? metaStep : integer ? 1 : (max - min) / 100;
      out.push({ kind: 'number', name, min, max, step, integer });
    }
  }
  return out;
}

export function numericParamRanges(schema: z.ZodType): NumericParamRange[] {
  return paramSpace(schema).filter((p): p is NumericParamRange => p.kind === 'number');
}
