import type { RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ApiError, type FieldIssue } from './api-error';

export interface RequestSchemas<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  body?: B;
  query?: Q;
  params?: P;
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Validates the parts of a request against zod schemas. On success the parsed body replaces
 * req.body; parsed query and params go to res.locals (Express 5's req.query is read-only), read
 * them with validated(res). On failure: 400 invalid_request with every issue's dotted path.
 */
export function validate<
  B extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  P extends z.ZodType = z.ZodNever,
>(schemas: RequestSchemas<B, Q, P>): RequestHandler {
  return (req, res, next) => {
    const parts = [
      ['body', schemas.body, req.body],
      ['query', schemas.query, req.query],
      ['params', schemas.params, req.params],
    ] as const;
    const parsed: Record<string, unknown> = {};
    for (const [where, schema, value] of parts) {
      if (!schema) continue;
      // PostgreSQL text cannot hold NUL: refused here as the client's mistake, not a database 500.
      const nulAt = nulPath(value);
      if (nulAt !== undefined) {
        next(
          new ApiError(
            400,
            'invalid_request',
            `invalid request ${where}: ${nulAt || '(root)'}: must not contain NUL characters`,
            [{ path: nulAt, message: 'must not contain NUL characters' }],
          ),
        );
        return;
      }
      if (where === 'body' && value === undefined) {
        next(
          new ApiError(
            400,
            'invalid_request',
            'request body is required: send JSON with Content-Type: application/json',
            [{ path: '', message: 'required' }],
          ),
        );
        return;
      }
      const result = schema.safeParse(value);
      if (!result.success) {
        const issues = issuesOf(result.error);
        const first = issues[0];
        const summary = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid';
        next(
          new ApiError(
            400,
            'invalid_request',
            `invalid request ${where}: ${summary}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
            issues,
          ),
        );
        return;
      }
      parsed[where] = result.data;
    }
    if ('body' in parsed) req.body = parsed.body;
    res.locals.validated = { query: parsed.query, params: parsed.params };
    next();
  };
}

/** Dotted path of the first string (or key) holding a NUL character, if any. */
export function nulPath(value: unknown, at = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = at ? `${at}.${k}` : k;
    if (k.includes('\u0000')) return here;
    const found = nulPath(v, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The query and params a preceding validate() middleware parsed. */
export function validated<Q = unknown, P = unknown>(res: Response): { query: Q; params: P } {
  return res.locals.validated as { query: Q; params: P };
}
