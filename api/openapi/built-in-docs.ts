// The routes that predate the route specs (health, version, config, events, openapi), described for
// the OpenAPI document only; their handlers live in api/routes/*-route.ts.
import { z } from 'zod';
import { PublishEventsBodySchema } from '../routes/events-route';
import type { RouteDoc } from './build-openapi';

const Dependency = z.object({
  name: z.string(),
  status: z.enum(['ok', 'fail']),
  required: z.boolean(),
  latencyMs: z.number(),
  detail: z.string().optional(),
});

export const BUILT_IN_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'system',
    summary: 'the stack: each dependency up or down (503 when a required one is down)',
    public: true,
    errors: [503],
    response: z.object({
      status: z.enum(['ok', 'degraded']),
      ready: z.boolean(),
      checkedAt: z.string(),
      dependencies: z.array(Dependency),
    }),
  },
  { method: 'get', path: '/openapi.json', tag: 'system', summary: 'this document', public: true },
  {
    method: 'get',
    path: '/version',
    tag: 'system',
    summary: 'gateway name, version, Node version and start time',
    response: z.object({ name: z.string(), version: z.string(), node: z.string(), startedAt: z.string() }),
  },
  {
    method: 'get',
    path: '/config',
    tag: 'system',
    summary: 'the running config, secrets redacted',
    response: z.record(z.string(), z.unknown()),
  },
  {
    method: 'post',
    path: '/events',
    tag: 'system',
    summary: 'publish events to every WebSocket client (through Redis)',
    body: PublishEventsBodySchema,
    status: 202,
    write: true,
    response: z.object({ published: z.number().int() }),
  },
];
