// What the agents know of the world beyond the exchange: the series catalogue with each latest value,
// a series' points (as of a time, for point-in-time checks), the headlines, and each provider's last
// sync. Read-only: the intel-sync schedule is the only writer.
import type { z } from 'zod';
import type { OpenTradeConfig } from '../../core/config/schema';
import { INTEL_PROVIDER_IDS, INTEL_SERIES, seriesSpec, type SeriesSpec } from '../../core/intel/series';
import { redactSecrets } from '../../core/security/redact-secrets';
import { redactUrl } from '../../infra/adapters/intel/provider-error';
import { intelStore, isoOf } from '../data/intel-data';
import type { GatewayData } from '../data/gateway-data';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import {
  HeadlinesQuery,
  IntelHeadlinesAnswer,
  IntelObservationsAnswer,
  IntelProvidersAnswer,
  IntelSeriesAnswer,
  ObservationsQuery,
  SeriesParams,
} from '../schemas/intel-schemas';

type Point = { value: number; observedAt: number; knownAt: number };

const specOut = (s: SeriesSpec) => ({
  id: s.id,
  provider: s.provider,
  agent: s.agent,
  label: s.label,
  unit: s.unit,
  cadence: s.cadence,
  staleAfterMs: s.staleAfterMs,
});

const pointOut = (p: Point) => ({ value: p.value, observedAt: isoOf(p.observedAt), knownAt: isoOf(p.knownAt) });

/**
 * A failure as the client may see it. The sync stores ProviderError messages, whose URLs are
 * redacted already; this redacts again (URL key parameters and the FRED key itself, when the
 * gateway's environment holds it) so a message stored by an older or foreign writer cannot leak one.
 */
function shownError(message: string | null | undefined, secrets: readonly (string | undefined)[]): string | null {
  if (!message) return null;
  const urls = message.replace(/https?:\/\/[^\s"'<>]+/g, (u) => redactUrl(u));
  return redactSecrets(urls, secrets);
}

function providerSettings(config: OpenTradeConfig, id: (typeof INTEL_PROVIDER_IDS)[number]) {
  const intel = config.intel;
  const own = intel[id];
  return { enabled: intel.enabled && own.enabled, intervalMinutes: own.intervalMinutes };
}

export function intelRoutes(data: GatewayData, config: OpenTradeConfig, env?: NodeJS.ProcessEnv): RouteSpec[] {
  // Parsed, not just documented: only the fields the schemas name are ever sent.
  const send = <S extends z.ZodType>(schema: S, value: unknown) => ({ body: schema.parse(value) });
  return [
    defineRoute({
      method: 'get',
      path: '/intel/series',
      tag: 'intel',
      summary:
        "every intelligence series with its latest value, when it was observed and known, and whether it's stale",
      response: IntelSeriesAnswer,
      async handler() {
        const now = Date.now();
        const latest = new Map((await intelStore(data).latestBySeries(now)).map((p) => [p.seriesId as string, p]));
        const items = INTEL_SERIES.map((s) => {
          const p = latest.get(s.id);
          return {
            ...specOut(s),
            latest: p ? pointOut(p) : null,
            stale: !p || now - p.observedAt > s.staleAfterMs,
          };
        });
        return send(IntelSeriesAnswer, { asOf: new Date(now).toISOString(), items });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/intel/series/:id/observations',
      tag: 'intel',
      summary: "a series' points, oldest first; knownBy keeps only what was known by then",
      params: SeriesParams,
      query: ObservationsQuery,
      response: IntelObservationsAnswer,
      errors: [404],
      async handler({ params, query: q }) {
        // An unknown id is a 404 naming the known ones (UnknownSeriesError), not an empty list.
        const s = seriesSpec(params.id);
        const rows = await intelStore(data).listObservations({
          seriesId: s.id,
          from: q.from,
          to: q.to,
          knownBy: q.knownBy,
          limit: q.limit,
        });
        return send(IntelObservationsAnswer, { series: specOut(s), items: rows.map(pointOut) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/intel/headlines',
      tag: 'intel',
      summary: 'news headlines, newest first, with their source and publication time',
      query: HeadlinesQuery,
      response: IntelHeadlinesAnswer,
      async handler({ query: q }) {
        const rows = await intelStore(data).listHeadlines({ from: q.from, to: q.to, source: q.source, limit: q.limit });
        const items = rows.map((h) => ({
          source: h.source,
          guid: h.guid,
          title: h.title,
          url: h.url,
          publishedAt: isoOf(h.publishedAt),
          knownAt: isoOf(h.knownAt),
        }));
        return send(IntelHeadlinesAnswer, { items });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/intel/providers',
      tag: 'intel',
      summary: "each provider's schedule and its last successful and failed sync (error kind and message)",
      response: IntelProvidersAnswer,
      async handler() {
        const runs = new Map((await intelStore(data).lastRuns()).map((r) => [r.provider as string, r]));
        const secrets = [(env ?? process.env)[config.intel.fred.apiKeyEnv]];
        const items = INTEL_PROVIDER_IDS.map((id) => {
          const r = runs.get(id);
          return {
            provider: id,
            ...providerSettings(config, id),
            lastSuccessAt: isoOf(r?.lastSuccessAt),
            lastFailureAt: isoOf(r?.lastFailureAt),
            lastErrorKind: r?.lastErrorKind ?? null,
            lastError: shownError(r?.lastError, secrets),
          };
        });
        return send(IntelProvidersAnswer, { items });
      },
    }),
  ];
}
