// One declaration per route: its schemas drive both request validation and the OpenAPI document,
// so the documented contract and the enforced one cannot drift apart.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { validate, validated } from './validate';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express syntax (`/sessions/:id`); the OpenAPI document shows `{id}`. */
  path: string;
  tag: string;
  summary: string;
  body?: B;
  /** A body is optional (signals with an optional reason): absent means `{}`. */
  bodyOptional?: boolean;
  query?: Q;
  params?: P;
  /** The success answer, documented under `status` (200 unless given). */
  response?: z.ZodType;
  status?: number;
  /** Error statuses this route can answer besides 400/401/429/500. */
  errors?: number[];
  /** Writes get the stricter rate-limit bucket. */
  write?: boolean;
  handler(ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>): Promise<RouteResult>;
}

/** Keeps each spec's generic parameters when specs are collected in an array. */
export function defineRoute<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export function mountRoutes(router: Router, specs: readonly RouteSpec[]): void {
  for (const spec of specs) {
    const fillBody = (req: Request, _res: Response, next: () => void) => {
      if (spec.bodyOptional && (req.body === undefined || req.body === null)) req.body = {};
      next();
    };
    router[spec.method](
      spec.path,
      fillBody,
      validate({ body: spec.body, query: spec.query, params: spec.params }),
      async (req: Request, res: Response) => {
        const v = validated<unknown, unknown>(res);
        const out = await spec.handler({ body: req.body, query: v.query, params: v.params, req, res });
        for (const [k, value] of Object.entries(out.headers ?? {})) res.setHeader(k, value);
        const status = out.status ?? spec.status ?? 200;
        if (out.body === undefined) res.status(status).end();
        else res.status(status).json(out.body);
      },
    );
  }
}
