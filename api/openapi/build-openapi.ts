// OpenAPI 3.1 from the route specs: JSON Schema 2020-12 straight from zod (z.toJSONSchema), so the
// document is exactly what validate() enforces.
import { z } from 'zod';
import type { RouteSpec } from '../http/route-spec';

/** What the document needs of a route (the built-in routes are documented without a handler). */
export type RouteDoc = Omit<RouteSpec, 'handler'> & { public?: boolean };

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Invalid request (issues name each field)',
  401: 'Missing or wrong bearer token',
  404: 'Not found',
  409: 'Conflict with the current state',
  422: 'Refused by the domain rules',
  429: 'Rate limited (see Retry-After)',
  500: 'Internal error',
  503: 'A dependency (Temporal, PostgreSQL) is unavailable',
};

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

/** `/sessions/:id` → `/sessions/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(spec: RouteDoc): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, Json>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries(props)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: s,
        ...(s.description ? { description: s.description } : {}),
      });
    }
  }
  return out;
}

export function buildOpenApi(
  specs: readonly RouteDoc[],
  info: { title: string; version: string; prefix: string },
): Json {
  const paths: Record<string, Json> = {};
  for (const spec of specs) {
    const p = `${info.prefix}${openApiPath(spec.path)}`;
    const ok = spec.status ?? 200;
    const responses: Json = {
      [ok]: spec.response
        ? {
            description: STATUS_TEXT[ok] ?? 'OK',
            content: { 'application/json': { schema: schemaOf(spec.response, 'output') } },
          }
        : { description: STATUS_TEXT[ok] ?? 'OK' },
    };
    const errorRef = {
      description: '',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    for (const code of [
      ...(spec.method === 'get' && !spec.query && !spec.params ? [] : [400]),
      ...(spec.public ? [] : [401]),
      429,
      500,
      ...(spec.errors ?? []),
    ])
      responses[code] = { ...errorRef, description: STATUS_TEXT[code] ?? 'Error' };
    (paths[p] ??= {})[spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      operationId: `${spec.method}${openApiPath(spec.path)
        .replace(/[{}]/g, '')
        .split(/[/.-]/)
        .filter(Boolean)
        .map((s) => s[0].toUpperCase() + s.slice(1))
        .join('')}`,
      parameters: parameters(spec),
      ...(spec.body
        ? {
            requestBody: {
              required: !spec.bodyOptional,
              content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
            },
          }
        : {}),
      responses,
      security: spec.public ? [] : [{ bearer: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(ErrorBody, 'output') },
    },
  };
}
