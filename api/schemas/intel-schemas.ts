// The intelligence routes' shapes: the series catalogue with each series' latest value, a series'
// points, the headlines and each provider's last sync. Answers are parsed through these before they
// are sent, and each object lists its fields: a provider's URL (which may carry a key) is named in
// none of them, so it cannot reach a client.
import { z } from 'zod';
import { INTEL_PROVIDER_IDS } from '../../core/intel/series';
import { isoTime, nullableTime } from './common';

const TIME_FORMS = 'an ISO-8601 time (2026-12-01T00:00:00Z) or milliseconds since the epoch';

/** A time in a query string, as UTC ms: ISO-8601 or epoch ms; anything else names the field. */
const timeQuery = z
  .string()
  .max(40)
  .describe(TIME_FORMS)
  .transform((text, ctx) => {
    const ms = /^\d{1,16}$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms) || Math.abs(ms) > 8_640_000_000_000_000) {
      ctx.addIssue({ code: 'custom', message: `must be ${TIME_FORMS}` });
      return z.NEVER;
    }
    return ms;
  });

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const notAfter = <T extends { from?: number; to?: number }>(q: T) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const rangeIssue = { message: 'from must not be after to', path: ['from'] };

export const SeriesParams = z
  .object({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"'),
  })
  .strict();

export const ObservationsQuery = z
  .object({
    from: timeQuery.optional().describe(`observed at or after; ${TIME_FORMS}`),
    to: timeQuery.optional().describe(`observed at or before; ${TIME_FORMS}`),
    knownBy: timeQuery.optional().describe(`only values known at or before this time (point in time); ${TIME_FORMS}`),
    limit: limit(10_000, 1000),
  })
  .strict()
  .refine(notAfter, rangeIssue);

export const HeadlinesQuery = z
  .object({
    from: timeQuery.optional().describe(`published at or after; ${TIME_FORMS}`),
    to: timeQuery.optional().describe(`published at or before; ${TIME_FORMS}`),
    source: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, 'must be a feed id: 1-40 lower-case letters, digits, - or _')
      .optional(),
    limit: limit(500, 50),
  })
  .strict()
  .refine(notAfter, rangeIssue);

export const IntelPointOut = z.object({
  value: z.number(),
  observedAt: isoTime.describe('the period the value describes'),
  knownAt: isoTime.describe('when the value became known; a decision at t saw it only if knownAt <= t'),
});

export const IntelSeriesSpecOut = z.object({
  id: z.string(),
  provider: z.enum(INTEL_PROVIDER_IDS),
  agent: z.enum(['sentiment', 'onchain', 'macro']),
  label: z.string(),
  unit: z.string(),
  cadence: z.enum(['intraday', 'daily', 'monthly']),
  staleAfterMs: z.number().describe('a latest value whose period ended longer ago than this is stale'),
});

export const IntelSeriesOut = IntelSeriesSpecOut.extend({
  latest: IntelPointOut.nullable().describe('null until the series has been synced'),
  stale: z.boolean().describe('no value yet, or its period ended longer ago than staleAfterMs'),
});

export const IntelHeadlineOut = z.object({
  source: z.string(),
  guid: z.string(),
  title: z.string().describe("the outlet's text, as text"),
  url: z.string(),
  publishedAt: isoTime,
  knownAt: isoTime,
});

export const IntelProviderOut = z.object({
  provider: z.enum(INTEL_PROVIDER_IDS),
  enabled: z.boolean().describe('in the config (intel.enabled and the provider\u2019s own enabled)'),
  intervalMinutes: z.number().int(),
  lastSuccessAt: nullableTime,
  lastFailureAt: nullableTime,
  lastErrorKind: z.string().nullable().describe('timeout, rate_limited, http, malformed, network or disabled'),
  lastError: z.string().nullable().describe('the last failure, with keys redacted'),
});

export const IntelSeriesAnswer = z.object({ asOf: isoTime, items: z.array(IntelSeriesOut) });
export const IntelObservationsAnswer = z.object({ series: IntelSeriesSpecOut, items: z.array(IntelPointOut) });
export const IntelHeadlinesAnswer = z.object({ items: z.array(IntelHeadlineOut) });
export const IntelProvidersAnswer = z.object({ items: z.array(IntelProviderOut) });
