import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { ApiError } from './api-error';
import { domainAnswer } from './domain-errors';
import { redactSecrets } from '../../core/security/redact-secrets';

/** Unknown routes answer JSON like every other error, never Express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no route ${req.method} ${req.path}`));
};

/** body-parser errors carry a `type`; these are the client's fault and are safe to describe. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'request body is too large' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_encoding',
    message: 'request body encoding is not supported',
  },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'request body charset is not supported' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'request was aborted by the client' },
  'request.size.invalid': {
    status: 400,
    code: 'invalid_request',
    message: 'request body length does not match Content-Length',
  },
};

export function errorHandler(logger: Logger, secrets: readonly string[]): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      logger.error(`${req.method} ${req.path} failed: ${redactSecrets(detail, secrets)}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(apiError.status).json(apiError.toBody());
  };
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const type = (err as { type?: unknown })?.type;
  if (typeof type === 'string' && BODY_ERRORS[type]) {
    const known = BODY_ERRORS[type];
    return new ApiError(known.status, known.code, known.message);
  }
  return domainAnswer(err) ?? new ApiError(500, 'internal', 'internal error (see the gateway log)');
}
