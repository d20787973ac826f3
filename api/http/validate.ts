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
export function validate<B extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever, P extends z.ZodType = z.ZodNever>(
  schemas: RequestSchemas<B, Q, P>,
): RequestHandler {
  return (req, res, next) => {
    const parts = [
      ['body', schemas.body, req.body],
      ['query', schemas.query, req.query],
      ['params', schemas.params, req.params],
    ] as const;
    const parsed: Record<string, unknown> = {};
    for (const [where, schema, value] of parts) {
      if (!schema) continue;
      if (where === 'body' && value === undefined) {
        next(new ApiError(400, 'invalid_request', 'request body is required: send JSON with Content-Type: application/json', [{ path: '', message: 'required' }]));
        return;
      }
      const result = schema.safeParse(value);
      if (!result.success) {
        const issues = issuesOf(result.error);
        const first = issues[0];
        const summary = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid';
        next(new ApiError(400, 'invalid_request', `invalid request ${where}: ${summary}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues));
        return;
      }
      parsed[where] = result.data;
    }
    if ('body' in parsed) req.body = parsed.body;
    res.locals.validated = { query: parsed.query, params: parsed.params };
    next();
  };
}

/** The query and params a preceding validate() middleware parsed. */
export function validated<Q = unknown, P = unknown>(res: Response): { query: Q; params: P } {
  return res.locals.validated as { query: Q; params: P };
}
